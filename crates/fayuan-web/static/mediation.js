// The mediation room (/mediations/{id}): new messages arrive live from the page's event stream
// and are appended to their thread; the signing form gets a pad to draw a handwritten signature,
// sent as a PNG data URL in its hidden field. Without this script the room still works: a reload
// shows new messages, and signing needs no drawing.
(function () {
  "use strict";

  /** Appends each streamed message to the list of its thread, once. */
  function live(room) {
    if (!window.EventSource) {
      return;
    }
    var last = parseInt(room.getAttribute("data-last") || "0", 10);
    var source = new EventSource(room.getAttribute("data-events") + "?after=" + last);
    source.addEventListener("message", function (event) {
      var m;
      try {
        m = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (typeof m.seq !== "number" || m.seq <= last) {
        return;
      }
      last = m.seq;
      var list = room.querySelector('ol[data-thread="' + m.thread + '"]');
      if (!list) {
        return;
      }
      var item = document.createElement("li");
      item.className = "message";
      item.id = "m" + m.seq;
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = m.author + " · " + m.sent;
      var body = document.createElement("p");
      body.textContent = m.body;
      item.appendChild(meta);
      item.appendChild(body);
      list.appendChild(item);
      var empty = list.parentNode.querySelector("[data-empty]");
      if (empty) {
        empty.remove();
      }
    });
  }

  /** Turns a canvas into a signature pad feeding the hidden field named by data-signature. */
  function pad(canvas) {
    var box = canvas.closest(".signature");
    var field = document.getElementById(canvas.getAttribute("data-signature"));
    var form = canvas.closest("form");
    if (!box || !field || !form || !canvas.getContext) {
      return;
    }
    var ink = canvas.getContext("2d");
    ink.lineWidth = 3;
    ink.lineCap = "round";
    ink.lineJoin = "round";
    ink.strokeStyle = "#000";
    var drawing = false;
    var drawn = false;
    function at(event) {
      var r = canvas.getBoundingClientRect();
      return [
        ((event.clientX - r.left) * canvas.width) / r.width,
        ((event.clientY - r.top) * canvas.height) / r.height,
      ];
    }
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var p = at(event);
      ink.beginPath();
      ink.moveTo(p[0], p[1]);
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) {
        return;
      }
      var p = at(event);
      ink.lineTo(p[0], p[1]);
      ink.stroke();
      drawn = true;
    });
    ["pointerup", "pointercancel"].forEach(function (name) {
      canvas.addEventListener(name, function () {
        drawing = false;
      });
    });
    var clear = box.querySelector("button[data-clear]");
    if (clear) {
      clear.addEventListener("click", function () {
        ink.clearRect(0, 0, canvas.width, canvas.height);
        drawn = false;
      });
    }
    form.addEventListener("submit", function () {
      field.value = drawn ? canvas.toDataURL("image/png") : "";
    });
    box.hidden = false;
  }

  var room = document.querySelector("[data-events]");
  if (room) {
    live(room);
  }
  document.querySelectorAll("canvas[data-signature]").forEach(pad);
})();
