/* textualheatmap: packed rows of cells (formats/packed.py), which thmHover (hover.js) reads
 * for colours and thmPin (pin.js) for scores. html.py embeds this file before both, in the
 * same function. ES5, no libraries.
 */
// A packed row is runs: a count byte c, then c + 1 literal cells (c < 128), one cell repeated
// c - 126 times (c < 255) or, for 255, as often as the next two bytes say (big-endian);
// cells of ``width`` bytes, big-endian. Calls visit(cell, times) for each run, literal
// cells one at a time.
function thmRuns(text, width, visit) {
  'use strict';
  var raw = window.atob(text);
  function cellAt(at) {
    var value = 0;
    for (var b = 0; b < width; b++) {
      value = value * 256 + raw.charCodeAt(at + b);
    }
    return value;
  }
  var at = 0;
  while (at < raw.length) {
    var count = raw.charCodeAt(at++);
    if (count < 128) {
      for (var i = 0; i <= count; i++, at += width) {
        visit(cellAt(at), 1);
      }
    } else {
      var times = count - 126;
      if (count === 255) {
        times = raw.charCodeAt(at) * 256 + raw.charCodeAt(at + 1);
        at += 2;
      }
      visit(cellAt(at), times);
      at += width;
    }
  }
}

// A packed row as an array of cells.
function thmUnpack(text, width) {
  'use strict';
  var cells = [];
  thmRuns(text, width, function (cell, times) {
    for (var t = 0; t < times; t++) {
      cells.push(cell);
    }
  });
  return cells;
}

// The row frame ``frame`` shows: ``of`` says, else one row for all or row k for frame k.
function thmRowOf(rows, frame) {
  'use strict';
  return rows.of ? rows.of[frame] : (rows.rows.length === 1 ? 0 : frame);
}
