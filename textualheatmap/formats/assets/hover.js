/* textualheatmap: hovering token k shows frame k, drawn exactly as to_svg(k) draws it.
 * No network and no libraries. interactive.py embeds this file in a figure's HTML,
 * inside a function, followed by thmHover("<figure key>"); the data format is described
 * at the top of interactive.py. Written for old browsers too (ES5).
 */
function thmHover(key) {
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

  // Cells of one or two bytes (big-endian): palette index + 1, 0 for uncoloured.
  function decode(text, width) {
    var raw = window.atob(text);
    var cells = new Uint16Array(raw.length / width);
    for (var i = 0; i < cells.length; i++) {
      cells[i] = width === 2 ? raw.charCodeAt(2 * i) * 256 + raw.charCodeAt(2 * i + 1)
                             : raw.charCodeAt(i);
    }
    return cells;
  }

  function Facet(group, data, figure) {
    this.data = data;
    this.figure = figure;
    this.heat = group.querySelector('g.heat');
    this.underline = group.querySelector('g.underline');
    this.meta = data.meta ? group.querySelector('g.meta') : null;
    this.glyphs = data.glyphTok
      ? group.querySelector('g.tokens').getElementsByTagNameNS(SVG_NS, 'use') : null;
    this.colors = decode(data.colors, figure.cellBytes);
    this.starts = [0];
    for (var k = 0; k < data.lens.length; k++) {
      this.starts.push(this.starts[k] + data.lens[k]);
    }
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

  // Palette index + 1 of a token in a frame, 0 for uncoloured.
  Facet.prototype.cell = function (frame, token) {
    return token >= 0 && token < this.data.lens[frame] ? this.colors[this.starts[frame] + token] : 0;
  };

  Facet.prototype.draw = function (frame) {
    var d = this.data;
    var palette = this.figure.palette;
    var heat = document.createDocumentFragment();
    var underline = document.createDocumentFragment();
    for (var p = 0; p < d.tok.length; p++) {
      var token = d.tok[p];
      var shifted = this.cell(frame, token);
      if (shifted > 0) {
        heat.appendChild(element('rect', {x: d.x[p], y: d.y[p], width: d.w[p], height: d.h,
                                          fill: palette[shifted - 1]}));
      }
      if (token === frame) {
        underline.appendChild(element('rect', {x: d.x[p], y: d.uy[p], width: d.w[p], height: d.uh}));
      }
    }
    clear(this.heat);
    this.heat.appendChild(heat);
    clear(this.underline);
    this.underline.appendChild(underline);
    if (this.glyphs) {
      this.drawText(frame);
    }
    if (this.meta) {
      this.drawMeta(frame);
    }
  };

  // Text readable on its background: a glyph's own fill, or the group's (null).
  Facet.prototype.drawText = function (frame) {
    var textPalette = this.figure.textPalette;
    for (var i = 0; i < this.glyphs.length; i++) {
      var shifted = this.cell(frame, this.data.glyphTok[i]);
      var fill = shifted > 0 ? textPalette[shifted - 1] : null;
      if (fill) {
        this.glyphs[i].setAttribute('fill', fill);
      } else {
        this.glyphs[i].removeAttribute('fill');
      }
    }
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

  function bind(root) {
    var svg = root.querySelector('svg');
    var source = root.querySelector('script.thm-data');
    if (!svg || !source) {
      return;
    }
    var figure = JSON.parse(source.textContent);
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
      if (frame !== shown) {
        shown = frame;
        for (var g = 0; g < facets.length; g++) {
          facets[g].draw(frame);
        }
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
        var frame = facets[f].hit(point.x, point.y);
        if (frame >= 0) {
          return {facet: f, token: frame};
        }
      }
      return null;
    }
    // Clicking pins a highlight (pin.js, when the page has it).
    var pin = typeof thmPin === 'function' ? thmPin(root, svg, figure, show, hitAt) : null;
    svg.addEventListener('mousemove', function (event) {
      var hit = hitAt(event);
      if (pin && pin.move(hit, event)) {
        return;
      }
      if (hit) {
        // Like the original: the last token hovered stays highlighted.
        show(hit.token);
      }
    });
  }

  // The script sits in its figure's element when the page runs it in place; notebook
  // front ends that evaluate it elsewhere leave document.currentScript unhelpful, so
  // then every figure with this key that is not bound yet is bound.
  var script = document.currentScript;
  var parent = script && script.parentNode;
  var roots = parent && parent.getAttribute && parent.getAttribute('data-thm-figure') === key
    ? [parent] : document.querySelectorAll('[data-thm-figure="' + key + '"]');
  for (var r = 0; r < roots.length; r++) {
    if (!roots[r].thmBound) {
      roots[r].thmBound = true;
      bind(roots[r]);
    }
  }
}
