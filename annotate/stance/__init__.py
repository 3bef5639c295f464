"""Sentence stance (cooperation vs competition): weak labels, scikit-learn models, persistence.

Everything here works on plain strings and label names, never on our
Document type, so the models are ordinary scikit-learn estimators.
"""
