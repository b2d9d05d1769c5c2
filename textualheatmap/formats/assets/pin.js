/* textualheatmap: click a token to pin its highlight (click it again or press Escape to
 * release; the arrow keys move the pinned highlight); while pinned, hovering a token
 * shows a tooltip with its score for the pinned highlight, as given, and its meta
 * strings. html.py embeds this file after hover.js, in the same function (thmRuns and
 * thmRowOf are rows.js's); the data is figure.pin (pin.py). Text is set as text, never
 * markup. ES5, no libraries.
 */
function thmPin(root, svg, figure, show, hitAt) {
  'use strict';
  var data = figure.pin;
  if (!data || !data.count) {
    return null;
  }

  // Each facet's rows of scores (pin.py), unpacked as they are first needed.
  var facets = [];
  for (var f = 0; f < data.facets.length; f++) {
    facets.push({entry: data.facets[f], values: null, scores: {}, firstNew: null});
  }

  // The facet's distinct values: big-endian float64s, exact.
  function valuesOf(facet) {
    if (!facet.values) {
      var raw = window.atob(facet.entry.values);
      var bytes = new Uint8Array(raw.length);
      for (var i = 0; i < raw.length; i++) {
        bytes[i] = raw.charCodeAt(i);
      }
      facet.values = new DataView(bytes.buffer);
    }
    return facet.values;
  }

  // For each row, the number of its first new value: the new values of the rows before it.
  function firstNewValues(entry) {
    var first = [];
    var next = 0;
    function count(cell, times) {
      if (cell === 1) {
        next += times;
      }
    }
    for (var r = 0; r < entry.rows.length; r++) {
      first.push(next);
      thmRuns(entry.rows[r], entry.cellBytes, count);
    }
    return first;
  }

  // The scores of a row: null (no score), the next new value (1), or value c - 2.
  function rowScores(facet, row) {
    var entry = facet.entry;
    if (!facet.firstNew) {
      facet.firstNew = firstNewValues(entry);
    }
    var next = facet.firstNew[row];
    var values = valuesOf(facet);
    var scores = [];
    thmRuns(entry.rows[row], entry.cellBytes, function (cell, times) {
      for (var t = 0; t < times; t++) {
        var number = cell === 1 ? next++ : cell - 2;
        scores.push(cell === 0 ? null : values.getFloat64(8 * number));
      }
    });
    return scores;
  }

  // The score of ``token`` in facet ``f`` for highlight ``frame``, or null.
  function score(f, frame, token) {
    var facet = facets[f];
    var row = thmRowOf(facet.entry, frame);
    if (!facet.scores[row]) {
      facet.scores[row] = rowScores(facet, row);
    }
    var scores = facet.scores[row];
    return token < scores.length ? scores[token] : null;
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
