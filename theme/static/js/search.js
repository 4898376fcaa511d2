/* The search page: runs Pagefind (its JS API at /pagefind/pagefind.js) on the words and
   filters of the page's form, and lists the briefs found. The form is a plain GET form,
   so a search is a URL: /search/?q=rare+earth&outlet=Cryptopolitan. Results are built
   with DOM methods; only Pagefind's <mark> tags are kept from its excerpts. */
(function () {
  "use strict";
  var FILTERS = ["topic", "author", "year", "outlet"];
  var form = document.getElementById("search-form");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!form || !status || !list) return;
  var input = form.elements.namedItem("q");
  var loading = null;
  var latest = 0;
  var timer = null;

  function pagefind() {
    if (!loading) {
      loading = import(form.getAttribute("data-pagefind")).then(function (module) {
        var base = new URL(form.getAttribute("data-base-url") || "/", window.location.href);
        var bundle = new URL(".", new URL(form.getAttribute("data-pagefind"), window.location.href));
        return Promise.resolve(module.options({ baseUrl: base.pathname }))
          .then(function () { return mergeParts(module, bundle, base); })
          .then(function () { return module.init ? module.init() : null; })
          .then(function () { return module; });
      });
    }
    return loading;
  }

  /* A big site's index comes in parts: /pagefind/parts.json lists the other bundles
     and the words index (see plugins/search/vocabulary.py). Each part is merged with a
     "part" filter (this bundle, the newest part, is "1"). A search for words first asks
     the words index which parts know every word of the search as the whole site knows
     it, and searches those only: a part without a word would drop it, or match a
     shorter word. A quoted search needs no asking: a part without the words finds
     nothing. */
  var words = null;
  function mergeParts(module, bundle, base) {
    return fetch(new URL("parts.json", bundle).href)
      .then(function (answer) { return answer.ok ? answer.json() : {}; })
      .catch(function () { return {}; })
      .then(function (listing) {
        var parts = (listing && listing.parts) || [];
        if (!parts.length) return null;
        return Promise.resolve(module.options({ mergeFilter: { part: "1" } }))
          .then(function () {
            return parts.reduce(function (done, part, at) {
              return done.then(function () {
                return module.mergeIndex(new URL(part, bundle).pathname,
                  { baseUrl: base.pathname, mergeFilter: { part: String(at + 2) } });
              });
            }, Promise.resolve());
          })
          .then(function () {
            return listing.words ? import(new URL(listing.words + "pagefind.js", bundle).href) : null;
          })
          .then(function (index) {
            if (!index) return null;
            return Promise.resolve(index.options({ baseUrl: base.pathname }))
              .then(function () { return index.init ? index.init() : null; })
              // Loaded filters give a search's counts by part.
              .then(function () { return index.filters(); })
              .then(function () { words = index; });
          });
      });
  }

  /* The parts to search for the words q (null: every part). */
  function partsFor(q) {
    if (!words || !q || /^\s*".+"\s*$/.test(q)) return Promise.resolve(null);
    return words.search(q).then(function (found) {
      var counts = (found && found.filters && found.filters.part) || {};
      return Object.keys(counts).filter(function (name) { return counts[name] > 0; });
    });
  }

  function readForm() {
    var query = { q: input.value.trim(), filters: {} };
    FILTERS.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && field.value) query.filters[name] = field.value;
    });
    return query;
  }

  function fillForm(params) {
    input.value = params.get("q") || "";
    FILTERS.forEach(function (name) {
      var field = form.elements.namedItem(name);
      var value = params.get(name);
      if (!field || !value) return;
      var known = Array.prototype.some.call(field.options, function (o) { return o.value === value; });
      if (!known) field.add(new Option(value, value));
      field.value = value;
    });
  }

  function toUrl(query) {
    var params = new URLSearchParams();
    if (query.q) params.set("q", query.q);
    Object.keys(query.filters).forEach(function (name) { params.set(name, query.filters[name]); });
    var text = params.toString();
    return window.location.pathname + (text ? "?" + text : "");
  }

  /* Pagefind's excerpt is text with <mark> around the words found: keep exactly that. */
  function excerptNodes(excerpt, into) {
    var doc = new DOMParser().parseFromString("<p>" + excerpt + "</p>", "text/html");
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        into.appendChild(document.createTextNode(node.textContent));
      } else if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        into.appendChild(mark);
      } else {
        into.appendChild(document.createTextNode(node.textContent || ""));
      }
    });
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var facts = [];
    if (data.meta && data.meta.date) facts.push(data.meta.date);
    var filters = data.filters || {};
    if (filters.outlet && filters.outlet.length) facts.push("on " + filters.outlet.join(", "));
    if (filters.topic && filters.topic.length) facts.push(filters.topic.join(", "));
    if (facts.length) {
      var meta = document.createElement("p");
      meta.className = "search-meta";
      meta.textContent = facts.join(" · ");
      item.appendChild(meta);
    }
    if (data.excerpt) {
      var excerpt = document.createElement("p");
      excerpt.className = "search-excerpt";
      excerptNodes(data.excerpt, excerpt);
      item.appendChild(excerpt);
    }
    return item;
  }

  function say(text) {
    status.textContent = text;
  }

  function run(query) {
    var ticket = ++latest;
    var filtered = Object.keys(query.filters).length > 0;
    if (!query.q && !filtered) {
      list.replaceChildren();
      say("Type a few words, or pick a topic, author, year or outlet.");
      return Promise.resolve();
    }
    say("Searching…");
    return pagefind().then(function (pf) {
      return partsFor(query.q).then(function (parts) {
        if (parts && !parts.length) return { results: [] };
        var filters = Object.assign({}, query.filters);
        if (parts) filters.part = { any: parts };
        var options = { filters: filters };
        if (!query.q) options.sort = { date: "desc" };
        return pf.search(query.q || null, options);
      });
    }).then(function (search) {
      if (ticket !== latest) return null;
      var results = (search && search.results) || [];
      return Promise.all(results.slice(0, 50).map(function (r) { return r.data(); }))
        .then(function (found) {
          if (ticket !== latest) return;
          list.replaceChildren.apply(list, found.map(resultItem));
          var count = results.length;
          var what = query.q ? "“" + query.q + "”" : "these filters";
          say(count === 0 ? "No briefs match " + what + "."
            : count + (count === 1 ? " brief matches " : " briefs match ") + what +
              (count > found.length ? " (showing the first " + found.length + ")." : "."));
        });
    }).catch(function () {
      if (ticket !== latest) return;
      say("Search is not available right now. Browse the archive, topics and authors instead.");
    });
  }

  function update(push) {
    var query = readForm();
    var url = toUrl(query);
    if (url !== window.location.pathname + window.location.search) {
      if (push) window.history.pushState(null, "", url); else window.history.replaceState(null, "", url);
    }
    return run(query);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    update(true);
  });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { update(false); }, 250);
  });
  FILTERS.forEach(function (name) {
    var field = form.elements.namedItem(name);
    if (field) field.addEventListener("change", function () { update(false); });
  });
  window.addEventListener("popstate", function () {
    fillForm(new URLSearchParams(window.location.search));
    run(readForm());
  });

  fillForm(new URLSearchParams(window.location.search));
  form.setAttribute("data-ready", "true");
  run(readForm());
})();
