// Behaviour for Practice Exchange. No inline scripts: the CSP allows only files from this site.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  // Every non-GET HTMX request carries the CSRF token, read fresh from the page's <meta>.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb !== "get") {
      event.detail.headers["X-CSRFToken"] = csrfToken();
    }
  });

  // After a swap, move focus to the new content's marked element so keyboard and screen reader
  // users land on what changed (an error summary, a results heading, a new comment).
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.elt;
    if (!target || !target.querySelector) { return; }
    var focusable = target.matches && target.matches("[data-autofocus]") ? target : target.querySelector("[data-autofocus]");
    if (focusable) {
      if (!focusable.hasAttribute("tabindex")) { focusable.setAttribute("tabindex", "-1"); }
      focusable.focus();
    }
  });

  // Show "not listed" detail fields only when "not listed" is chosen; without JS they are always shown.
  function syncConditional(select) {
    var panel = document.getElementById(select.getAttribute("data-reveals"));
    if (panel) { panel.hidden = select.value !== select.getAttribute("data-reveal-value"); }
  }

  // Practice: suggest AI tools one at a time in a comma-separated field. A <datalist> matches the
  // whole value, so each suggestion is rewritten to start with the tools already typed.
  function prefixSuggestions(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    var cut = input.value.lastIndexOf(",");
    var prefix = cut === -1 ? "" : input.value.slice(0, cut + 1) + " ";
    list.querySelectorAll("option").forEach(function (option) {
      if (!option.hasAttribute("data-name")) { option.setAttribute("data-name", option.value); }
      option.value = prefix + option.getAttribute("data-name");
    });
  }

  // Radio groups reveal their panel while the radio with the reveal value is checked.
  function syncRadioConditional(radio) {
    var panel = document.getElementById(radio.getAttribute("data-reveals"));
    var form = radio.form || document;
    var checked = form.querySelector('input[type="radio"][name="' + radio.name + '"]:checked');
    if (panel) { panel.hidden = !checked || checked.value !== radio.getAttribute("data-reveal-value"); }
  }

  // The school picker: with JavaScript, results come as you type, and Enter or "Find school"
  // searches in place instead of sending the whole form back.
  function enhanceSchoolSearch(input) {
    if (input.hasAttribute("data-enhanced")) { return; }
    input.setAttribute("data-enhanced", "");
    var find = input.form && input.form.querySelector("[data-school-find]");
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); htmx.trigger(input, "search"); }
    });
    if (find) {
      find.type = "button";
      find.addEventListener("click", function () { htmx.trigger(input, "search"); });
    }
  }

  // A "Copy prompt" button under a prompt. The result is said in a status line beside it; where the
  // clipboard is not allowed (a page not served over HTTPS), the prompt is selected for Ctrl+C instead.
  function addCopyButton(block) {
    var button = document.createElement("button");
    var status = document.createElement("span");
    button.type = "button";
    button.className = "button button--secondary copy-button";
    button.textContent = block.getAttribute("data-copy-label");
    if (block.hasAttribute("data-copy-title")) {  // several on one page: each button names its prompt
      var name = document.createElement("span");
      name.className = "visually-hidden";
      name.textContent = " for " + block.getAttribute("data-copy-title");
      button.appendChild(name);
    }
    status.className = "copy-status";
    status.setAttribute("role", "status");
    block.removeAttribute("data-copy-label");
    block.after(button, status);
    function selectIt() {
      var range = document.createRange();
      range.selectNodeContents(block);
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
      status.textContent = "Selected: press Ctrl+C (or ⌘C) to copy.";
    }
    button.addEventListener("click", function () {
      if (!navigator.clipboard || !window.isSecureContext) { selectIt(); return; }
      navigator.clipboard.writeText(block.textContent).then(function () {
        status.textContent = "Copied to the clipboard.";
      }, selectIt);
    });
  }

  // A long checkbox list in groups (the 29 recommendations under their eight themes) gets a box that
  // narrows it as the author types: an option shows when its label, or its group's heading, has every
  // word typed; ticked options always show. Without script the whole list is there.
  function addListFilter(fieldset) {
    var name = fieldset.getAttribute("data-filterable");
    var groups = Array.prototype.slice.call(fieldset.querySelectorAll(".filter-group"));
    var box = document.createElement("div");
    box.className = "filter-box";
    box.innerHTML = '<label class="label" for="filter-' + name + '">Filter the list by typing</label>' +
      '<input class="input" type="search" autocomplete="off" id="filter-' + name + '">' +
      '<p class="hint filter-box__status" role="status"></p>';
    fieldset.removeAttribute("data-filterable");
    groups[0].before(box);
    var input = box.querySelector("input");
    var status = box.querySelector("[role=status]");
    var total = fieldset.querySelectorAll(".checkboxes__item").length;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      groups.forEach(function (group) {
        var heading = group.querySelector(".tag-group__heading").textContent.toLowerCase();
        var visible = 0;
        group.querySelectorAll(".checkboxes__item").forEach(function (item) {
          var text = heading + " " + item.textContent.toLowerCase();
          var match = item.querySelector("input").checked || words.every(function (w) { return text.indexOf(w) !== -1; });
          item.hidden = !match;
          if (match) { visible += 1; }
        });
        group.hidden = visible === 0;
        shown += visible;
      });
      status.textContent = words.length ? (shown ? shown + " of " + total + " shown" : "None match \u201c" + input.value + "\u201d") : "";
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }  // Enter filters; it must not send the form
    });
  }

  function enhance(root) {
    root.querySelectorAll("fieldset[data-filterable]").forEach(addListFilter);
    root.querySelectorAll("pre[data-copy-label]").forEach(addCopyButton);
    root.querySelectorAll("select[data-reveals]").forEach(function (select) {
      syncConditional(select);
      select.addEventListener("change", function () { syncConditional(select); });
    });
    root.querySelectorAll("input[data-comma-suggestions]").forEach(function (input) {
      input.addEventListener("input", function () { prefixSuggestions(input); });
    });
    root.querySelectorAll('input[type="radio"][data-reveals]').forEach(function (radio) {
      syncRadioConditional(radio);
      radio.addEventListener("change", function () { syncRadioConditional(radio); });
    });
    root.querySelectorAll("input[data-school-search]").forEach(enhanceSchoolSearch);
  }

  // On a phone the main menu folds behind a "Menu" button, so the page starts with the page, not
  // three lines of links. Wider screens, and browsers without script, show every link.
  function foldMenu() {
    var nav = document.querySelector(".site-nav");
    var toggle = nav && nav.querySelector(".site-nav__toggle");
    var list = nav && nav.querySelector(".site-nav__list");
    if (!toggle || !list) { return; }
    var phone = window.matchMedia("(max-width: 640px)");
    function setOpen(open) {
      toggle.setAttribute("aria-expanded", String(open));
      if (open) { list.removeAttribute("data-folded"); } else { list.setAttribute("data-folded", ""); }
    }
    function follow() {
      toggle.hidden = !phone.matches;
      nav.classList.toggle("site-nav--folding", phone.matches);
      setOpen(!phone.matches);
    }
    toggle.addEventListener("click", function () { setOpen(toggle.getAttribute("aria-expanded") !== "true"); });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && phone.matches && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
    phone.addEventListener("change", follow);
    follow();
  }

  // A link in an error summary puts the keyboard in the field it names, not just the page at it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    field.focus();
    var label = document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView();
  });

  document.addEventListener("DOMContentLoaded", function () {
    foldMenu();
    enhance(document);
    var summary = document.querySelector(".error-summary[data-autofocus], .personal-data-warning[data-autofocus]");
    if (summary) { summary.focus(); }
    // A post with comments new to the reader opens at the first of them, unless the link names a place.
    var unread = document.querySelector("[data-first-unread]");
    var first = unread && document.getElementById(unread.getAttribute("data-first-unread"));
    if (first && !window.location.hash && !summary) { first.scrollIntoView(); }
  });
  document.addEventListener("htmx:load", function (event) { enhance(event.detail.elt); });
})();
