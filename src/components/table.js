// A plain, accessible HTML table of column-oriented data (or an arquero table): caption, header
// row, numbers right-aligned; it scrolls sideways inside its box on narrow screens.

/** Column-oriented data from an arquero table, an array of row objects, or columns as given. */
export function columnsOf(data) {
  if (typeof data.columnNames === "function") return Object.fromEntries(data.columnNames().map((c) => [c, data.array(c)]));
  if (Array.isArray(data)) {
    const names = data.length ? Object.keys(data[0]) : [];
    return Object.fromEntries(names.map((c) => [c, data.map((r) => r[c])]));
  }
  return data;
}

/**
 * dataTable(data, {columns, header, format, caption}): data is column-oriented, rows, or an arquero table; `columns` picks and orders columns, `header`
 * maps a column to its heading, `format` to a function for display (files keep full precision).
 */
export function dataTable(data, {columns, header = {}, format = {}, caption} = {}) {
  const cols = columnsOf(data);
  const names = columns ?? Object.keys(cols);
  const n = names.length ? cols[names[0]].length : 0;
  const wrap = document.createElement("div");
  wrap.className = "table-wrap";
  const table = document.createElement("table");
  table.className = "data-table";
  if (caption) {
    const c = document.createElement("caption");
    c.textContent = caption;
    table.append(c);
  }
  const thead = document.createElement("thead");
  const hr = document.createElement("tr");
  const numeric = names.map((c) => Array.from(cols[c]).some((x) => typeof x === "number"));
  names.forEach((c, j) => {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = header[c] ?? c;
    if (numeric[j]) th.className = "num";
    hr.append(th);
  });
  thead.append(hr);
  const tbody = document.createElement("tbody");
  for (let i = 0; i < n; i++) {
    const tr = document.createElement("tr");
    names.forEach((c, j) => {
      const td = document.createElement(j === 0 ? "th" : "td");
      if (j === 0) td.scope = "row";
      const x = cols[c][i];
      td.textContent = format[c] ? format[c](x, i) : x === null || x === undefined ? "" : String(x);
      if (numeric[j]) td.className = "num";
      tr.append(td);
    });
    tbody.append(tr);
  }
  table.append(thead, tbody);
  wrap.append(table);
  return wrap;
}
