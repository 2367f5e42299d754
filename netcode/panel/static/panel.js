// The instructor panel: rooms, time, saves, notebooks, the map and the activity feed.
// Plain JS, no libraries: served by `bmm host`, works offline. Every change is a POST with the
// header X-BMM-Panel: 1 (the host refuses changes without it); the live socket keeps it fresh.
"use strict";

const state = { rooms: {}, order: [], current: null, entities: null, socket: null };
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

function simTime(s) {
  const day = Math.floor(s / 86400) + 1, h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `day ${day}, ${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

function say(text, error) {
  const m = $("message");
  m.textContent = text;
  m.className = error ? "error" : "";
}

async function api(method, path, body) {
  const opts = { method, headers: { "X-BMM-Panel": "1" } };
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = typeof body === "string" ? body : JSON.stringify(body);
  }
  const res = await fetch(path, opts);
  const data = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (!res.ok) throw new Error(data.error || `HTTP ${res.status}`);
  return data;
}

async function act(method, suffix, body, done) {
  const room = state.current;
  try {
    const summary = await api(method, `/api/panel/rooms/${encodeURIComponent(room)}${suffix}`, body);
    state.rooms[summary.id] = summary;
    render();
    say(done);
  } catch (e) {
    say(e.message, true);
  }
}

function renderRooms() {
  const nav = $("rooms");
  nav.replaceChildren(...state.order.map((id) => {
    const r = state.rooms[id];
    const people = r.users.filter((u) => u.role !== "observer").length;
    return el("button", { type: "button", class: id === state.current ? "on" : "",
      "data-room": id, onclick: () => select(id) }, r.name,
    el("small", {}, `${people} student${people === 1 ? "" : "s"} · ${simTime(r.sim_time_s)}`),
    el("small", {}, r.running.length ? `running: ${r.running.join(", ")}` : "nothing running"));
  }));
}

function renderRoom() {
  const r = state.rooms[state.current];
  $("room").hidden = !r;
  if (!r) return;
  $("room-name").textContent = r.name;
  $("room-facts").textContent = `loaded from ${r.loaded_from} · state version ${r.version}`;
  $("digest").href = `/api/panel/rooms/${encodeURIComponent(r.id)}/digest`;
  $("sim-time").textContent = simTime(r.sim_time_s);
  $("student-skip").checked = r.student_skip;
  $("paper-model").checked = r.paper_model;
  $("people").tBodies[0].replaceChildren(...(r.users.length ? r.users.map((u) => el("tr", {},
    el("td", {}, u.name), el("td", {}, u.role), el("td", {}, u.holds.join(", ") || "—"),
    el("td", {}, el("span", { class: u.connected ? "dot on" : "dot",
      title: u.connected ? "connected" : "dropped out" })))) :
    [el("tr", {}, el("td", { colspan: "4" }, "Nobody is in this room."))]));
  $("saves").tBodies[0].replaceChildren(...(r.saves.length ? r.saves.map((s) => el("tr", {},
    el("td", {}, s.name), el("td", {}, new Date(s.saved_at * 1000).toLocaleString()),
    el("td", {}, el("button", { type: "button", "data-load": s.name,
      onclick: () => act("POST", "/load", { name: s.name }, `Loaded “${s.name}”.`) }, "Load"), " ",
    el("a", { href: `/api/panel/rooms/${encodeURIComponent(r.id)}/saves/${encodeURIComponent(s.name)}`,
      download: "" }, "Download"), " ",
    el("button", { type: "button", class: "danger", onclick: () => {
      if (confirm(`Delete the save “${s.name}”?`)) act("DELETE", `/saves/${encodeURIComponent(s.name)}`,
        undefined, `Deleted “${s.name}”.`);
    } }, "Delete")))) : [el("tr", {}, el("td", {}, "No saves yet."))]));
  renderBooks(r);
  $("feed").replaceChildren(...r.activity.slice().reverse().map((a) => el("li",
    { class: a.ok ? "" : "refused" }, el("time", {}, new Date(a.at * 1000).toLocaleTimeString()), a.line)));
}

function renderBooks(r) {
  const holder = $("notebooks");
  const editing = holder.contains(document.activeElement);
  if (editing && holder.childElementCount === r.notebooks.length) return; // do not type over them
  holder.replaceChildren(...r.notebooks.map((b, i) => {
    const title = el("input", { maxlength: "32", value: b.title, "aria-label": `Notebook ${i + 1} title` });
    const text = el("textarea", { maxlength: "4168", "aria-label": `Notebook ${i + 1} text` });
    text.value = b.text;
    return el("div", { class: "book", "data-book": String(i + 1) },
      el("div", { class: "row" }, title, el("button", { type: "button", onclick: () =>
        act("POST", `/notebooks/${i + 1}`, { title: title.value, text: text.value },
          `Notebook ${i + 1} applied: every seat in the room shows it now.`) }, "Apply")), text);
  }));
}

function render() {
  renderRooms();
  renderRoom();
  renderMap();
}

function select(id) {
  state.current = id;
  state.entities = null;
  say("");
  render();
  if (state.socket && state.socket.readyState === WebSocket.OPEN) {
    state.socket.send(JSON.stringify({ t: "watch", room: id }));
  } else {
    api("GET", `/api/panel/rooms/${encodeURIComponent(id)}/entities`).then((e) => {
      state.entities = e; renderMap();
    }).catch((e) => say(e.message, true));
  }
}

function renderMap() {
  const map = $("map"), e = state.entities;
  if (!e) { map.replaceChildren(); return; }
  const w = e.layout.width_m, d = e.layout.depth_m;
  map.setAttribute("viewBox", `${-w / 2 - 0.3} ${-d / 2 - 0.3} ${w + 0.6} ${d + 0.6}`);
  const query = $("search").value.trim().toLowerCase();
  const hit = (t) => !query || [t.name, t.kind, t.status || ""].join(" ").toLowerCase().includes(query);
  const nodes = [svg("rect", { x: -w / 2, y: -d / 2, width: w, height: d, fill: "none",
    stroke: "#9aa5b1", "stroke-width": 0.05 })];
  const place = (shape, thing, cls) => {
    shape.setAttribute("class", cls + (hit(thing) ? "" : " dim"));
    shape.setAttribute("data-name", thing.name);
    shape.addEventListener("mousemove", (ev) => tip(ev, thing));
    shape.addEventListener("mouseleave", () => { $("tip").hidden = true; });
    nodes.push(shape);
  };
  for (const s of e.layout.spots.filter((s) => s.kind !== "machine")) {
    const name = s.kind.replace("_", " ");
    place(box(s), { name, kind: "fixture" }, "fixture");
    nodes.push(label(name, s));
  }
  for (const m of e.machines) {
    place(box(m), m, m.status === "free" ? "machine" : "machine running");
    nodes.push(label(m.name, m));
  }
  const seen = {};
  for (const it of e.items.filter((i) => i.x_m !== null)) {
    const k = `${it.x_m.toFixed(1)},${it.z_m.toFixed(1)}`, n = (seen[k] = (seen[k] || 0) + 1) - 1;
    const dx = ((n % 6) - 2.5) * 0.16, dz = (Math.floor(n / 6) % 4) * 0.16 - 0.24;
    place(svg("rect", { x: it.x_m + dx - 0.06, y: it.z_m + dz - 0.06, width: 0.12, height: 0.12 }),
      it, "item");
  }
  for (const u of e.users.filter((u) => u.x_m !== null)) {
    place(svg("circle", { cx: u.x_m, cy: u.z_m, r: 0.22 }), { ...u, status: u.holds.length ?
      `holds ${u.holds.join(", ")}` : "hands free" }, "user");
  }
  map.replaceChildren(...nodes);
}

// A name under a thing on the plan, wrapped into lines of about 12 characters.
function label(name, s) {
  const words = name.split(" "), lines = [""];
  for (const w of words) {
    const last = lines.length - 1;
    if (lines[last] && (lines[last] + " " + w).length > 12) lines.push(w);
    else lines[last] = lines[last] ? `${lines[last]} ${w}` : w;
  }
  const text = svg("text", { x: s.x_m, y: s.z_m + Math.abs(Math.cos(s.yaw_deg * Math.PI / 180)
    * s.depth_m + Math.sin(s.yaw_deg * Math.PI / 180) * s.width_m) / 2 + 0.3,
    "text-anchor": "middle" });
  lines.forEach((line, i) => {
    const span = svg("tspan", { x: s.x_m, dy: i ? "1.1em" : "0" });
    span.textContent = line;
    text.append(span);
  });
  return text;
}

function box(s) {
  const g = svg("rect", { x: s.x_m - s.width_m / 2, y: s.z_m - s.depth_m / 2, width: s.width_m,
    height: s.depth_m, rx: 0.05, "stroke-width": 0.03,
    transform: `rotate(${-s.yaw_deg} ${s.x_m} ${s.z_m})` });
  return g;
}

function tip(ev, thing) {
  const t = $("tip"), wrap = $("map-wrap").getBoundingClientRect();
  const lines = (thing.history || []).map((h) => el("li", {}, `${h.machine}: ${h.step}` +
    (h.by ? ` by ${h.by}` : "") + ` at ${simTime(h.sim_time_s || 0)}`));
  t.replaceChildren(el("strong", {}, thing.name), el("div", {}, thing.kind),
    el("div", {}, thing.status || ""), ...(lines.length ? [el("ul", {}, ...lines)] : []));
  t.hidden = false;
  t.style.left = `${Math.min(ev.clientX - wrap.left + 14, wrap.width - 300)}px`;
  t.style.top = `${ev.clientY - wrap.top + 14}px`;
}

function showContent(ok, problems, text) {
  const status = $("content-status");
  status.textContent = ok ? text : `${problems.length} problem(s): nothing was changed`;
  status.className = ok ? "" : "error";
  $("content-problems").replaceChildren(...problems.map((p) => el("li", {}, p)));
}

async function reloadContent() {
  $("content-status").textContent = "checking…";
  const res = await fetch("/api/panel/content/reload", { method: "POST",
    headers: { "X-BMM-Panel": "1" } });
  const data = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (res.ok) showContent(true, [], `Reloaded ${data.files} file(s) into ${data.rooms} rooms.`);
  else showContent(false, data.problems || [data.error], "");
}

async function refresh() {
  try {
    const data = await api("GET", "/api/panel/rooms");
    setRooms(data.rooms);
    if (state.current) select(state.current);
  } catch (e) {
    say(e.message, true);
  }
}

function setRooms(rooms) {
  state.order = rooms.map((r) => r.id);
  for (const r of rooms) state.rooms[r.id] = r;
  if (!state.current && rooms.length) state.current = rooms[0].id;
  render();
}

function connect() {
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/panel/live`);
  state.socket = ws;
  ws.onopen = () => { $("live").textContent = "live"; $("live").className = "badge";
    if (state.current) ws.send(JSON.stringify({ t: "watch", room: state.current })); };
  ws.onclose = () => { $("live").textContent = "offline: retrying"; $("live").className = "badge off";
    setTimeout(connect, 2000); };
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    if (msg.t === "rooms") setRooms(msg.rooms);
    else if (msg.t === "room") { state.rooms[msg.room.id] = msg.room; renderRooms();
      if (msg.room.id === state.current) renderRoom(); }
    else if (msg.t === "entities" && msg.room === state.current) { state.entities = msg; renderMap(); }
    else if (msg.t === "content") showContent(msg.ok, msg.problems,
      msg.ok ? "Content reloaded: every room has it now." : "");
  };
}

document.addEventListener("DOMContentLoaded", () => {
  $("refresh").addEventListener("click", refresh);
  $("reload").addEventListener("click", reloadContent);
  $("search").addEventListener("input", renderMap);
  $("student-skip").addEventListener("change", (e) => act("POST", "/settings",
    { student_skip: e.target.checked }, e.target.checked ? "Students may skip time." :
      "Students can no longer skip time."));
  $("paper-model").addEventListener("change", (e) => act("POST", "/settings",
    { paper_model: e.target.checked }, e.target.checked ?
      "Paper model: cells tested from now on show mistakes as feedback only." :
      "Mistakes now cost the cells tested from now on."));
  for (const b of document.querySelectorAll("[data-skip]")) {
    b.addEventListener("click", () => act("POST", "/skip", { seconds: Number(b.dataset.skip) },
      `Skipped ${b.textContent}.`));
  }
  $("save-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const name = $("save-name").value.trim();
    act("POST", "/saves", { name }, `Saved as “${name}”.`);
  });
  $("reset").addEventListener("click", () => {
    if (confirm("Reset this room to the current content? Everyone stays, empty-handed; " +
      "save first if you want to come back.")) act("POST", "/reset", {}, "The room was reset.");
  });
  $("upload").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    act("POST", "/upload", await file.text(), `Uploaded “${file.name}”.`);
    e.target.value = "";
  });
  refresh();
  connect();
});
