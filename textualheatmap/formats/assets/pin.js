/* textualheatmap: click a token to pin its highlight (click it again or press Escape to
 * release; the arrow keys move the pinned highlight); while pinned, hovering a token
 * shows a tooltip with its score for the pinned highlight, as given, and its meta
 * strings. html.py embeds this file after hover.js, in the same function; the data is
 * figure.pin (pin.py). Text is set as text, never markup. ES5, no libraries.
 */
function thmPin(root, svg, figure, show, hitAt) {
  'use strict';
  var data = figure.pin;
  if (!data || !data.count) {
    return null;
  }

  function decodeCells(text, width) {
    var raw = window.atob(text);
    var cells = new Uint32Array(raw.length / width);
    for (var i = 0; i < cells.length; i++) {
      var value = 0;
      for (var b = 0; b < width; b++) {
        value = value * 256 + raw.charCodeAt(width * i + b);
      }
      cells[i] = value;
    }
    return cells;
  }

  var facets = [];
  for (var f = 0; f < data.facets.length; f++) {
    var entry = data.facets[f];
    var starts = [0];
    for (var k = 0; k < entry.lens.length; k++) {
      starts.push(starts[k] + entry.lens[k]);
    }
    facets.push({entry: entry, cells: decodeCells(entry.cells, entry.cellBytes), starts: starts});
  }

  // The score of ``token`` in facet ``f`` for highlight ``frame``, or null.
  function score(f, frame, token) {
    var facet = facets[f];
    if (token >= facet.entry.lens[frame]) {
      return null;
    }
    var cell = facet.cells[facet.starts[frame] + token];
    return cell ? facet.entry.values[cell - 1] : null;
  }

  var tip = document.createElement('div');
  tip.className = 'thm-tooltip';
  tip.setAttribute('role', 'tooltip');
  tip.style.cssText = 'position:absolute;display:none;pointer-events:none;z-index:10;' +
    'background:#1f2328;color:#ffffff;font:12px/1.4 sans-serif;padding:4px 7px;' +
    'border-radius:4px;white-space:pre;box-shadow:0 1px 3px rgba(0,0,0,.4)';
  if (!root.style.position) {
    root.style.position = 'relative';
  }
  root.appendChild(tip);
  // The keys go to the figure's element (the SVG itself stays as to_svg draws it).
  root.setAttribute('tabindex', '0');
  root.style.outline = 'none';  // the pinned underline shows where the keys act

  var pinned = null;

  function hide() {
    tip.style.display = 'none';
    tip.removeAttribute('data-score');
  }

  function pin(frame) {
    pinned = frame;
    root.setAttribute('data-thm-pinned', String(frame));
    show(frame);
    hide();
  }

  function release() {
    pinned = null;
    root.removeAttribute('data-thm-pinned');
    hide();
  }

  function tell(hit, event) {
    var entry = facets[hit.facet].entry;
    var value = score(hit.facet, pinned, hit.token);
    var shown = value === null ? 'none' : String(value);
    var lines = ['"' + entry.text[hit.token] + '" (' + hit.token + ')',
                 'score for ' + pinned + ' "' + entry.text[pinned] + '": ' + shown];
    if (entry.meta && entry.meta[hit.token].length) {
      lines.push('meta: ' + entry.meta[hit.token].join(', '));
    }
    tip.textContent = lines.join('\n');
    tip.setAttribute('data-score', shown);
    tip.setAttribute('data-token', String(hit.token));
    tip.setAttribute('data-facet', String(hit.facet));
    var box = root.getBoundingClientRect();
    tip.style.left = (event.clientX - box.left + 12) + 'px';
    tip.style.top = (event.clientY - box.top + 16) + 'px';
    tip.style.display = 'block';
  }

  svg.addEventListener('click', function (event) {
    var hit = hitAt(event);
    if (!hit) {
      return;
    }
    if (pinned === hit.token) {
      release();
      show(hit.token);
    } else {
      pin(hit.token);
      root.focus();
    }
  });

  root.addEventListener('keydown', function (event) {
    if (pinned === null) {
      return;
    }
    var key = event.key;
    if (key === 'Escape' || key === 'Esc') {
      release();
    } else if (key === 'ArrowRight' || key === 'ArrowDown') {
      pin(Math.min(pinned + 1, data.count - 1));
    } else if (key === 'ArrowLeft' || key === 'ArrowUp') {
      pin(Math.max(pinned - 1, 0));
    } else {
      return;
    }
    event.preventDefault();
  });

  svg.addEventListener('mouseleave', hide);

  return {
    // True when pinned: the pin shows the tooltip and the highlight stays.
    move: function (hit, event) {
      if (pinned === null) {
        return false;
      }
      if (hit) {
        tell(hit, event);
      } else {
        hide();
      }
      return true;
    }
  };
}
