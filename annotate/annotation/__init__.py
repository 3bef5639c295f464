"""The annotators' loop: a durable store of tasks and decisions, import, agreement."""
