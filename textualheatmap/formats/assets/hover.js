/* textualheatmap: hovering token k shows frame k, drawn exactly as to_svg(k) draws it.
 * No network and no libraries. formats/html.py (pages) and formats/notebook.py (notebook outputs) embed
 * this file inside a function, followed by thmHover("<figure key>", ...); the data format is described
 * at the top of formats/html.py. Written for old browsers too (ES5).
 */
function thmHover(key, live) {
  'use strict';
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var XLINK_NS = 'http://www.w3.org/1999/xlink';

  function element(name, attributes) {
    var node = document.createElementNS(SVG_NS, name);
    for (var name_ in attributes) {
      if (Object.prototype.hasOwnProperty.call(attributes, name_)) {
        node.setAttribute(name_, attributes[name_]);
      }
    }
    return node;
  }

  function glyphUse(id, x, y) {
    var node = element('use', {x: x, y: y});
    node.setAttributeNS(XLINK_NS, 'xlink:href', '#' + id);
    return node;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  function Facet(group, data, figure) {
    this.data = data;
    this.figure = figure;
    this.heat = group.querySelector('g.heat');
    this.underline = group.querySelector('g.underline');
    this.meta = data.meta ? group.querySelector('g.meta') : null;
    this.tokens = group.querySelector('g.tokens');
    this.glyphs = data.glyphTok ? this.tokens.getElementsByTagNameNS(SVG_NS, 'use') : null;
    this.unpacked = {};
  }

  // The highlight index of the token piece under (x, y), or -1.
  Facet.prototype.hit = function (x, y) {
    var d = this.data;
    for (var p = 0; p < d.tok.length; p++) {
      if (x >= d.x[p] && x < d.x[p] + d.w[p] && y >= d.y[p] && y < d.y[p] + d.h) {
        return d.tok[p];
      }
    }
    return -1;
  };

  // The frame hovering a token shows: frame-driven data says, else token k shows frame k.
  Facet.prototype.frameOf = function (token) {
    return this.data.frameOf ? this.data.frameOf[token] : token;
  };

  // The underlined token of a frame (-1: none), and the tokens a frame hides.
  Facet.prototype.selected = function (frame) {
    return this.data.sel ? this.data.sel[frame] : frame;
  };

  Facet.prototype.hiddenIn = function (frame) {
    var hidden = {};
    var list = this.data.hide ? this.data.hide[frame] : [];
    for (var i = 0; i < list.length; i++) {
      hidden[list[i]] = true;
    }
    return hidden;
  };

  // The cells of a frame: its row, unpacked once.
  Facet.prototype.cells = function (frame) {
    var row = thmRowOf(this.data, frame);
    if (!this.unpacked[row]) {
      this.unpacked[row] = thmUnpack(this.data.rows[row], this.figure.cellBytes);
    }
    return this.unpacked[row];
  };

  // Palette index + 1 of a token in a frame's cells, 0 for uncoloured.
  function cellOf(cells, token) {
    return token >= 0 && token < cells.length ? cells[token] : 0;
  }

  Facet.prototype.draw = function (frame) {
    var d = this.data;
    var palette = this.figure.palette;
    var heat = document.createDocumentFragment();
    var underline = document.createDocumentFragment();
    var cells = this.cells(frame);
    var selected = this.selected(frame);
    var hidden = this.hiddenIn(frame);
    for (var p = 0; p < d.tok.length; p++) {
      var token = d.tok[p];
      if (hidden[token]) {
        continue;
      }
      var shifted = cellOf(cells, token);
      if (shifted > 0) {
        heat.appendChild(element('rect', {x: d.x[p], y: d.y[p], width: d.w[p], height: d.h,
                                          fill: palette[shifted - 1]}));
      }
      if (token === selected) {
        underline.appendChild(element('rect', {x: d.x[p], y: d.uy[p], width: d.w[p], height: d.uh}));
      }
    }
    clear(this.heat);
    this.heat.appendChild(heat);
    clear(this.underline);
    this.underline.appendChild(underline);
    if (d.uses) {
      this.drawGlyphs(cells, hidden);
    } else if (this.glyphs) {
      this.drawText(cells);
    }
    if (this.meta) {
      this.drawMeta(frame);
    }
  };

  // Text readable on its background: a glyph's own fill, or the group's (null).
  Facet.prototype.drawText = function (cells) {
    var textPalette = this.figure.textPalette;
    for (var i = 0; i < this.glyphs.length; i++) {
      var shifted = cellOf(cells, this.data.glyphTok[i]);
      var fill = shifted > 0 ? textPalette[shifted - 1] : null;
      if (fill) {
        this.glyphs[i].setAttribute('fill', fill);
      } else {
        this.glyphs[i].removeAttribute('fill');
      }
    }
  };

  // Frames that hide tokens: the glyphs of the shown ones, placed again, as to_svg does.
  Facet.prototype.drawGlyphs = function (cells, hidden) {
    var d = this.data;
    var textPalette = this.figure.textPalette;
    var glyphs = this.figure.glyphs;
    var drawn = document.createDocumentFragment();
    for (var i = 0; i < d.uses.length; i++) {
      var token = d.glyphTok[i];
      if (token >= 0 && hidden[token]) {
        continue;
      }
      var use = glyphUse(glyphs[d.uses[i][0]], d.uses[i][1], d.uses[i][2]);
      var shifted = textPalette ? cellOf(cells, token) : 0;
      if (shifted > 0 && textPalette[shifted - 1]) {
        use.setAttribute('fill', textPalette[shifted - 1]);
      }
      drawn.appendChild(use);
    }
    clear(this.tokens);
    this.tokens.appendChild(drawn);
  };

  Facet.prototype.drawMeta = function (frame) {
    var meta = this.data.meta;
    var row = meta.rows[meta.of[frame]];
    var baseline = row[0];
    var boxes = meta.boxes[String(row.length - 1)];
    var glyphs = this.figure.glyphs;
    var drawn = document.createDocumentFragment();
    for (var b = 0; b < boxes.length; b++) {
      var background = element('g', {});
      for (var s = 0; s < boxes[b].length; s++) {
        background.appendChild(element('path', {d: boxes[b][s][1], fill: boxes[b][s][0]}));
      }
      drawn.appendChild(background);
      var text = element('g', {fill: meta.text});
      var uses = row[b + 1];
      if (uses[0]) {
        // The meta string as plain text for screen readers, as the SVG writer gives it.
        text.setAttribute('aria-label', uses[0]);
      }
      for (var u = 1; u < uses.length; u += 2) {
        text.appendChild(glyphUse(glyphs[uses[u]], uses[u + 1], baseline));
      }
      drawn.appendChild(text);
    }
    clear(this.meta);
    this.meta.appendChild(drawn);
  };

  // Makes hovering a token of root's SVG show its frame; returns the function that
  // draws a frame.
  function bind(root, figure) {
    var svg = root.querySelector('svg');
    var defs = svg.querySelector('defs');
    if (!defs) {
      defs = svg.insertBefore(element('defs', {}), svg.firstChild);
    }
    for (var id in figure.defs) {
      if (Object.prototype.hasOwnProperty.call(figure.defs, id)) {
        defs.appendChild(element('path', {d: figure.defs[id], id: id}));
      }
    }
    var groups = svg.querySelectorAll('g.facet');
    var facets = [];
    for (var f = 0; f < figure.facets.length && f < groups.length; f++) {
      facets.push(new Facet(groups[f], figure.facets[f], figure));
    }
    var shown = null;
    function show(frame) {
      shown = frame;
      for (var g = 0; g < facets.length; g++) {
        facets[g].draw(frame);
      }
    }
    // The facet and highlight index of the token under the mouse, or null.
    function hitAt(event) {
      var matrix = svg.getScreenCTM();
      if (!matrix) {
        return null;
      }
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      point = point.matrixTransform(matrix.inverse());
      for (var f = 0; f < facets.length; f++) {
        var token = facets[f].hit(point.x, point.y);
        var frame = token >= 0 ? facets[f].frameOf(token) : -1;
        if (frame >= 0) {
          return {facet: f, token: frame};
        }
      }
      return null;
    }
    // Clicking pins a highlight (pin.js, which html.py embeds with this script).
    var pin = typeof thmPin === 'function' ? thmPin(root, svg, figure, show, hitAt) : null;
    svg.addEventListener('mousemove', function (event) {
      var hit = hitAt(event);
      if (pin && pin.move(hit, event)) {
        return;
      }
      // Like the original: the last token hovered stays highlighted.
      if (hit && hit.token !== shown) {
        show(hit.token);
      }
    });
    return show;
  }

  if (live) {
    return thmLive(key, live);
  }
  // The script sits in its figure's element when the page runs it in place; notebook
  // front ends that evaluate it elsewhere leave document.currentScript unhelpful, so
  // then every figure with this key that is not bound yet is bound.
  var script = document.currentScript;
  var parent = script && script.parentNode;
  var roots = parent && parent.getAttribute && parent.getAttribute('data-thm-figure') === key
    ? [parent] : document.querySelectorAll('[data-thm-figure="' + key + '"]');
  for (var r = 0; r < roots.length; r++) {
    var source = roots[r].querySelector('script.thm-data');
    if (!roots[r].thmBound && source && roots[r].querySelector('svg')) {
      roots[r].thmBound = true;
      bind(roots[r], JSON.parse(source.textContent));
    }
  }

  // A notebook's live figure (formats/notebook.py): the script's own output ``live.element``
  // shows the SVG with hover at the current highlight, and the static picture just before
  // it (an img element showing a PNG of this figure's size) is hidden. The page shows exactly
  // one figure, whatever the front end: the live one is built hidden and shown only once the
  // picture is found and hidden; front ends that run the script where the picture cannot be
  // reached (each output in its own frame, as Colab and VS Code may) or that give it no
  // element (Colab) keep the picture, the right figure at the highlight without hover. So do
  // browsers without DecompressionStream: the SVG and hover data come deflated
  // (``live.packed``), which keeps the output within a few times the SVG's size.
  function thmLive(key, live) {
    var element = live.element;
    if (!element || !element.appendChild) {  // no output to draw in (notebook.py passes null)
      return null;
    }
    if (typeof window.DecompressionStream !== 'function') {
      return null;
    }
    var old = element.querySelectorAll('.thm-live');
    for (var o = 0; o < old.length; o++) {
      element.removeChild(old[o]);
    }
    var root = document.createElement('div');
    root.className = 'thm-live';
    root.setAttribute('data-thm-figure', key);
    root.style.lineHeight = '0';
    root.style.display = 'none';
    // The live figure's alt text, as the picture's (text/plain).
    root.setAttribute('role', 'img');
    root.setAttribute('aria-label', live.alt);
    element.appendChild(root);
    inflated(live.packed, function (text) {
      if (!root.parentNode) {  // a later run of the script replaced it meanwhile
        return;
      }
      var unpacked = JSON.parse(text);
      // Parsed as XML: the SVG is drawn by us and holds no markup of the user's.
      var parsed = new window.DOMParser().parseFromString(unpacked.svg, 'image/svg+xml');
      root.appendChild(document.importNode(parsed.documentElement, true));
      var show = bind(root, unpacked.figure);
      if (live.frame !== null) {
        show(live.frame);
      }
      swapIn(element, root, live);
    });
    return root;
  }

  // Front ends may run the script before its output is in the page: look again a few
  // times until it is. The picture is hidden and the live figure shown in one step, so
  // the page never shows both figures, nor neither.
  function swapIn(element, root, live) {
    var tries = 0;
    (function swapInLive() {
      var picture = staticPicture(element, live.width, live.height);
      if (picture) {
        picture.style.display = 'none';
        root.style.display = '';
      } else if (tries++ < 50) {
        window.setTimeout(swapInLive, 100);
      } else if (root.parentNode) {
        // Never found: the picture is the figure; the hidden live one would only take memory.
        root.parentNode.removeChild(root);
      }
    })();
  }

  // Base64 of deflated (zlib) UTF-8 text, inflated; ``use`` is called with the text.
  function inflated(packed, use) {
    var raw = window.atob(packed);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) {
      bytes[i] = raw.charCodeAt(i);
    }
    var stream = new Blob([bytes]).stream().pipeThrough(new window.DecompressionStream('deflate'));
    new window.Response(stream).text().then(use);
  }

  // The output before the one holding element, if it shows a PNG of width x height.
  function staticPicture(element, width, height) {
    var node = element;
    for (var up = 0; up < 4 && node; up++, node = node.parentNode) {
      var before = node.previousElementSibling;
      var img = before && before.querySelector && before.querySelector('img');
      if (img) {
        return pngSize(img.getAttribute('src') || '') === width + 'x' + height ? before : null;
      }
    }
    return null;
  }

  // "WxH" of a PNG data URI, read from its header.
  function pngSize(src) {
    var prefix = 'data:image/png;base64,';
    if (src.indexOf(prefix) !== 0) {
      return '';
    }
    var head = window.atob(src.substr(prefix.length, 32));
    function word(at) {
      return ((head.charCodeAt(at) * 256 + head.charCodeAt(at + 1)) * 256 +
              head.charCodeAt(at + 2)) * 256 + head.charCodeAt(at + 3);
    }
    return word(16) + 'x' + word(20);
  }
}
