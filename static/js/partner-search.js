// The project form's partner search, as one types (progressive enhancement: without
// JavaScript the "Search" button shows the matches as checkboxes). Suggestions come from
// projects:partner_suggestions; choosing one ticks (or adds) its checkbox in the form.
(function () {
  "use strict";
  var box = document.getElementById("partner-search");
  var input = document.getElementById("id_partner_query");
  var list = document.getElementById("partner-suggestions");
  if (!box || !input || !list || !window.fetch) {
    return;
  }
  var timer = null;
  var lead = box.dataset.lead;

  function tick(field, item) {
    var group = document.getElementById("id_" + field);
    if (!group) {
      return;
    }
    var boxes = group.querySelectorAll("input[type=checkbox]");
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].value === String(item.id)) {
        boxes[i].checked = true;
        boxes[i].focus();
        return;
      }
    }
    var id = "id_" + field + "_new_" + item.id;
    var row = document.createElement("div");
    var label = document.createElement("label");
    var checkbox = document.createElement("input");
    checkbox.type = "checkbox";
    checkbox.name = field;
    checkbox.value = String(item.id);
    checkbox.id = id;
    checkbox.checked = true;
    label.htmlFor = id;
    label.appendChild(checkbox);
    label.appendChild(document.createTextNode(" " + item.name));
    row.appendChild(label);
    group.appendChild(row);
    checkbox.focus();
  }

  function render(data) {
    list.textContent = "";
    var entries = [];
    data.municipalities.forEach(function (item) {
      if (String(item.id) !== lead) {
        entries.push(["partner_municipalities", item, box.dataset.municipality]);
      }
    });
    data.organizations.forEach(function (item) {
      entries.push(["partner_organizations", item, box.dataset.organization]);
    });
    if (!entries.length) {
      return;
    }
    var ul = document.createElement("ul");
    ul.className = "tag-list";
    entries.forEach(function (entry) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button-secondary";
      button.textContent = box.dataset.add + ": " + entry[1].name + " (" + entry[2] + ")";
      button.addEventListener("click", function () {
        tick(entry[0], entry[1]);
        li.remove();
      });
      li.appendChild(button);
      ul.appendChild(li);
    });
    list.appendChild(ul);
  }

  function suggest() {
    var query = input.value.trim();
    if (query.length < 2) {
      list.textContent = "";
      return;
    }
    var url = box.dataset.suggestUrl + "?q=" + encodeURIComponent(query);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && input.value.trim() === query) {
          render(data);
        }
      })
      .catch(function () {});
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(suggest, 250);
  });
})();
