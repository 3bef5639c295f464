(function () {
  "use strict";
  var boxes = Array.prototype.slice.call(document.querySelectorAll("#filters input[type=checkbox]"));
  function checked(group) {
    var values = {};
    boxes.forEach(function (box) { if (box.dataset.group === group && box.checked) { values[box.value] = true; } });
    return values;
  }
  function apply() {
    var stance = checked("stance"), source = checked("source"), split = checked("split"), shown = 0;
    document.querySelectorAll("#documents .doc").forEach(function (doc) {
      var visible = 0, splitOk = split[doc.dataset.split] === true;
      doc.querySelectorAll(".sent").forEach(function (sent) {
        var ok = splitOk && stance[sent.dataset.stance] === true && source[sent.dataset.source] === true;
        sent.hidden = !ok;
        if (ok) { visible += 1; }
      });
      doc.hidden = visible === 0;
      shown += visible;
    });
    boxes.forEach(function (box) {
      if (box.dataset.group === "entity") { document.body.classList.toggle("hide-" + box.value, !box.checked); }
    });
    document.getElementById("shown").textContent = String(shown);
  }
  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  apply();
}());
