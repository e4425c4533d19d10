/* The compound map: province outlines (shipped, offline), optional tiles, clustered compounds.
   Data comes from data-* attributes and JSON endpoints: no inline script (CSP). */
(function () {
  "use strict";
  function start() {
    var el = document.getElementById("compound-map");
    if (!el || typeof L === "undefined") return;
    // markercluster needs a maxZoom, which a map without tiles does not have.
    var map = L.map(el, { maxZoom: 18 }).setView([12.5, 104.9], 7);
    var tileUrl = el.dataset.tileUrl;
    if (tileUrl) {
      L.tileLayer(tileUrl, { maxZoom: 19, attribution: el.dataset.tileAttribution || "" }).addTo(map);
    }
    map.attributionControl.addAttribution(el.dataset.outlineAttribution);

    function text(tag, value, cls) {
      var node = document.createElement(tag);
      node.textContent = value;
      if (cls) node.className = cls;
      return node;
    }
    function loadOutlines(url, cls, then) {
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          var layer = L.geoJSON(data, {
            style: function () { return { className: cls, weight: 1, fill: true }; },
            onEachFeature: function (feature, lyr) {
              var p = feature.properties || {};
              var label = p.name_en || p.name;
              if (p.name_km) label += " — " + p.name_km;
              lyr.bindTooltip(label, { sticky: true });
            }
          });
          layer.addTo(map);
          layer.bringToBack();
          if (then) then(layer);
        })
        .catch(function () {});
    }
    loadOutlines(el.dataset.regionUrl, "outline-region");
    loadOutlines(el.dataset.outlinesUrl, "outline-province");

    // Place labels (places.json: provinces and a few towns), named in the page's language
    // where the data has the name, in English otherwise; each from its zoom on, so that
    // neighbours' labels do not overlap.
    var lang = (document.documentElement.lang || "en").toLowerCase();
    var nameKey = lang.indexOf("zh") === 0 ? "name_zh" : lang === "km" ? "name_km" : "name_en";
    var labels = L.layerGroup().addTo(map);
    var places = [];
    function placeLabel(place, cls) {
      var box = text("span", place[nameKey] || place.name_en);
      box.lang = place[nameKey] ? lang : "en";
      var icon = L.divIcon({ className: "map-label " + cls, html: box, iconSize: null });
      var marker = L.marker([place.lat, place.lon], {
        icon: icon, interactive: false, keyboard: false, zIndexOffset: -1000
      });
      places.push({ marker: marker, zoom: place.zoom || 7 });
    }
    function showLabels() {
      var zoom = map.getZoom();
      places.forEach(function (p) {
        if (zoom >= p.zoom) labels.addLayer(p.marker);
        else labels.removeLayer(p.marker);
      });
    }
    fetch(el.dataset.placesUrl, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        data.provinces.forEach(function (p) { placeLabel(p, "province-label"); });
        data.towns.forEach(function (t) { placeLabel(t, "town-label"); });
        showLabels();
      })
      .catch(function () {});
    map.on("zoomend", showLabels);

    var clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
    var outlines = L.layerGroup();
    map.addLayer(clusters);
    map.addLayer(outlines);

    function popup(props) {
      var box = document.createElement("div");
      box.className = "map-popup";
      box.appendChild(text("strong", props.name));
      if (props.aliases && props.aliases.length) box.appendChild(text("div", props.aliases.join(" · "), "small"));
      box.appendChild(text("div", props.status_label + (props.province ? " · " + props.province : ""), "small muted"));
      var a = text("a", el.dataset.openLabel);
      a.href = props.url;
      box.appendChild(a);
      return box;
    }

    function load() {
      var status = document.getElementById("map-status").value;
      var url = el.dataset.compoundsUrl + (status ? "?status=" + encodeURIComponent(status) : "");
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          clusters.clearLayers();
          outlines.clearLayers();
          var bounds = [];
          data.features.forEach(function (f) {
            var c = f.geometry.coordinates;
            var icon = L.divIcon({ className: "compound-marker status-" + f.properties.status, iconSize: [16, 16] });
            var marker = L.marker([c[1], c[0]], { icon: icon, title: f.properties.name });
            marker.bindPopup(popup(f.properties));
            clusters.addLayer(marker);
            bounds.push([c[1], c[0]]);
            if (f.properties.outline) {
              outlines.addLayer(L.geoJSON(f.properties.outline, { style: function () { return { className: "outline-compound" }; } }));
            }
          });
          if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 12 });
        })
        .catch(function (error) { console.error("compound map:", error); });
    }
    document.getElementById("map-status").addEventListener("change", load);
    document.getElementById("map-filters").addEventListener("submit", function (e) { e.preventDefault(); load(); });
    load();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
