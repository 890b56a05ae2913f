// The mesh video room: one RTCPeerConnection per other participant; offers, answers and ICE
// candidates go through fayuan's signalling WebSocket, the media directly between browsers.
// The newcomer offers to everyone already in the room. In a hearing the parties wait until the
// judge (the host) admits them; the host can also mute or remove a participant and end the
// sitting. Exposes window.fayuanVideo for tests.
(() => {
  "use strict";
  const root = document.getElementById("video-room");
  if (!root) return;
  const grid = root.querySelector(".video-grid");
  const status = root.querySelector(".video-status");
  const iceServers = JSON.parse(root.dataset.ice || "[]").map((urls) => ({ urls }));
  const host = root.dataset.host === "true";
  const waitingList = root.querySelector(".video-waiting ul");
  const peers = new Map();
  let local = null;
  let socket = null;
  let queue = Promise.resolve();
  window.fayuanVideo = {
    peers,
    connected: () => [...peers.values()].filter((p) => p.pc.connectionState === "connected").length,
  };

  const say = (text) => { status.textContent = text; };

  function control(label, message) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.addEventListener("click", () => {
      if (socket) socket.send(JSON.stringify(message));
    });
    return button;
  }

  function tile(id, name, stream, muted) {
    let figure = grid.querySelector(`[data-peer="${id}"]`);
    if (!figure) {
      figure = document.createElement("figure");
      figure.dataset.peer = id;
      const video = document.createElement("video");
      video.autoplay = true;
      video.playsInline = true;
      video.muted = muted;
      const caption = document.createElement("figcaption");
      caption.textContent = name;
      figure.append(video, caption);
      if (host && id !== "me") {
        figure.append(control("静音", { type: "mute", peer: id }), control("移出", { type: "remove", peer: id }));
      }
      grid.append(figure);
    }
    figure.querySelector("video").srcObject = stream;
  }

  function waiting(peer) {
    if (!waitingList) return;
    const item = document.createElement("li");
    item.dataset.peer = peer.id;
    item.textContent = `${peer.name} `;
    const admit = control("准许入庭", { type: "admit", peer: peer.id });
    admit.addEventListener("click", () => item.remove());
    item.append(admit);
    waitingList.append(item);
  }

  function stop(text) {
    // The close that follows is expected: its "disconnected" must not replace the reason.
    if (socket) {
      socket.onclose = null;
      socket.close();
    }
    for (const id of [...peers.keys()]) drop(id);
    if (local) for (const t of local.getTracks()) t.stop();
    say(text);
  }

  function send(to, data) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: "signal", to, data }));
    }
  }

  function connection(id, name) {
    const pc = new RTCPeerConnection({ iceServers });
    for (const track of local.getTracks()) pc.addTrack(track, local);
    pc.onicecandidate = (e) => { if (e.candidate) send(id, { candidate: e.candidate }); };
    pc.ontrack = (e) => {
      const entry = peers.get(id);
      if (entry) entry.stream = e.streams[0];
      tile(id, name, e.streams[0], false);
    };
    pc.onconnectionstatechange = () => {
      say(`已连接 ${window.fayuanVideo.connected()} 人`);
    };
    peers.set(id, { pc, name });
    return pc;
  }

  function drop(id) {
    const peer = peers.get(id);
    if (peer) peer.pc.close();
    peers.delete(id);
    const figure = grid.querySelector(`[data-peer="${id}"]`);
    if (figure) figure.remove();
  }

  async function handle(message) {
    switch (message.type) {
      case "held":
        say("请在候审室等候，审判长准许后进入");
        break;
      case "waiting":
        waiting(message.peer);
        break;
      case "unwaiting": {
        const item = waitingList && waitingList.querySelector(`[data-peer="${message.id}"]`);
        if (item) item.remove();
        break;
      }
      case "mute": {
        for (const t of local.getAudioTracks()) t.enabled = false;
        const button = root.querySelector("button[data-action=mute]");
        if (button) button.setAttribute("aria-pressed", "true");
        say("审判长已将您静音");
        break;
      }
      case "removed":
        stop("您已被移出");
        break;
      case "ended":
        stop("庭审已结束");
        break;
      case "welcome":
        for (const p of message.waiting || []) waiting(p);
        say(message.peers.length ? "正在连接其他参加人……" : "已进入，等待其他参加人");
        for (const p of message.peers) {
          const pc = connection(p.id, p.name);
          await pc.setLocalDescription(await pc.createOffer());
          send(p.id, { description: pc.localDescription });
        }
        break;
      case "signal": {
        const known = peers.get(message.from);
        const pc = known ? known.pc : connection(message.from, message.name || "");
        const data = message.data || {};
        if (data.description) {
          await pc.setRemoteDescription(data.description);
          if (data.description.type === "offer") {
            await pc.setLocalDescription(await pc.createAnswer());
            send(message.from, { description: pc.localDescription });
          }
        } else if (data.candidate) {
          try { await pc.addIceCandidate(data.candidate); } catch (e) { /* stale candidate */ }
        }
        break;
      }
      case "left":
        drop(message.id);
        break;
      case "full":
        say(`视频室已满（最多${message.capacity}人）`);
        break;
      default:
    }
  }

  async function shareScreen(button) {
    const screen = await navigator.mediaDevices.getDisplayMedia({ video: true });
    const [track] = screen.getVideoTracks();
    const camera = local.getVideoTracks()[0];
    for (const { pc } of peers.values()) {
      const sender = pc.getSenders().find((s) => s.track && s.track.kind === "video");
      if (sender) await sender.replaceTrack(track);
    }
    button.disabled = true;
    track.onended = async () => {
      for (const { pc } of peers.values()) {
        const sender = pc.getSenders().find((s) => s.track && s.track.kind === "video");
        if (sender && camera) await sender.replaceTrack(camera);
      }
      button.disabled = false;
    };
  }

  // Recording (the mediator's browser): every picture of the grid drawn onto one canvas and
  // every voice mixed, recorded as WebM and uploaded piece by piece while it runs; a piece that
  // fails is sent again from where the server says the recording ends.
  const recordings = root.dataset.recordings;
  const csrf = root.dataset.csrf;
  let recorder = null;
  window.fayuanVideo.recording = () => recorder !== null;
  window.fayuanVideo.uploaded = Promise.resolve();

  async function call(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: { "x-csrf-token": csrf, "content-type": "application/octet-stream" },
      body,
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(`${response.status}`);
    return response.json();
  }

  async function sendPiece(id, state, piece) {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      try {
        state.offset = (await call("PATCH", `${recordings}/${id}?offset=${state.offset}`, piece)).bytes;
        return;
      } catch (err) {
        const held = await call("GET", `${recordings}/${id}`).catch(() => null);
        if (held && held.bytes >= state.offset + piece.size) {
          state.offset = held.bytes;
          return;
        }
        if (held) state.offset = held.bytes;
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
    say("录制上传失败，请检查网络后重新录制");
  }

  async function record(button) {
    if (recorder) {
      recorder.stop();
      return;
    }
    const canvas = document.createElement("canvas");
    canvas.width = 640;
    canvas.height = 360;
    const paint = canvas.getContext("2d");
    const draw = () => {
      const videos = [...grid.querySelectorAll("video")];
      const cols = Math.max(1, Math.ceil(Math.sqrt(videos.length)));
      const rows = Math.max(1, Math.ceil(videos.length / cols));
      const w = canvas.width / cols;
      const h = canvas.height / rows;
      paint.fillStyle = "#000";
      paint.fillRect(0, 0, canvas.width, canvas.height);
      videos.forEach((v, i) => {
        try { paint.drawImage(v, (i % cols) * w, Math.floor(i / cols) * h, w, h); } catch (e) { /* not ready */ }
      });
    };
    const timer = setInterval(draw, 200);
    const audio = new AudioContext();
    const mix = audio.createMediaStreamDestination();
    for (const stream of [local, ...[...peers.values()].map((p) => p.stream)]) {
      if (stream && stream.getAudioTracks().length) audio.createMediaStreamSource(stream).connect(mix);
    }
    const stream = new MediaStream([
      ...canvas.captureStream(5).getVideoTracks(),
      ...mix.stream.getAudioTracks(),
    ]);
    const started = await call("POST", recordings);
    const state = { offset: started.bytes };
    let uploads = Promise.resolve();
    // Settles once the recording is stopped and filed (tests wait on it).
    let filed;
    window.fayuanVideo.uploaded = new Promise((resolve) => { filed = resolve; });
    recorder = new MediaRecorder(stream, { mimeType: "video/webm" });
    recorder.ondataavailable = (e) => {
      if (e.data.size > 0) uploads = uploads.then(() => sendPiece(started.id, state, e.data));
    };
    recorder.onstop = () => {
      clearInterval(timer);
      audio.close();
      recorder = null;
      button.setAttribute("aria-pressed", "false");
      filed(uploads
        .then(() => call("POST", `${recordings}/${started.id}/finish`))
        .then(() => say("录音录像已存入卷宗")));
    };
    recorder.start(2000);
    button.setAttribute("aria-pressed", "true");
    say("正在录制");
  }

  root.addEventListener("click", (e) => {
    const button = e.target.closest("button[data-action]");
    if (!button || !local) return;
    const action = button.dataset.action;
    if (action === "mute" || action === "camera") {
      const tracks = action === "mute" ? local.getAudioTracks() : local.getVideoTracks();
      const off = button.getAttribute("aria-pressed") !== "true";
      for (const t of tracks) t.enabled = !off;
      button.setAttribute("aria-pressed", String(off));
    } else if (action === "record") {
      record(button).catch((err) => say(`无法录制：${err.message}`));
    } else if (action === "share") {
      shareScreen(button).catch((err) => say(`无法共享屏幕：${err.message}`));
    } else if (action === "end") {
      if (socket) socket.send(JSON.stringify({ type: "end" }));
    } else if (action === "leave") {
      stop("已离开视频室");
    }
  });

  async function start() {
    try {
      local = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    } catch (err) {
      say(`无法使用摄像头或麦克风：${err.message}`);
      return;
    }
    tile("me", `${root.dataset.name}（我）`, local, true);
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    socket = new WebSocket(`${scheme}//${location.host}${root.dataset.signal}`);
    socket.onmessage = (e) => {
      const message = JSON.parse(e.data);
      queue = queue.then(() => handle(message)).catch((err) => say(`连接出错：${err.message}`));
    };
    socket.onclose = () => say("与视频室的连接已断开");
  }

  start();
})();
