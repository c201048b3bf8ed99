/* global document, window, HTMLCanvasElement */
// The drawn signature on the signing page (/onderteken/:token), which loads no
// other JavaScript (handle.hydrate = false): a canvas whose PNG goes into the
// hidden field "drawnSignature". Without JavaScript the signer can still
// upload a PNG. Plain script, no build step: public/ is served as it is.
(function () {
  var slot = document.getElementById("handtekening-teken");
  if (!slot || typeof HTMLCanvasElement === "undefined") return;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (text) node.textContent = text;
    return node;
  }

  var hint = el("span", { class: "hint" }, "Teken met uw vinger of muis in het vak.");
  var canvas = el("canvas", {
    "aria-label": "Vak om uw handtekening te tekenen",
    "data-testid": "handtekening-vak",
  });
  canvas.style.cssText = "width:100%;height:150px;border:1px solid #8c959f;border-radius:6px;background:#fff;touch-action:none;display:block";
  var hidden = el("input", { type: "hidden", name: "drawnSignature" });
  var actions = el("div", { class: "actions" });
  actions.style.marginTop = ".5rem";
  var clear = el("button", { type: "button", class: "button button--secondary button--small" }, "Handtekening wissen");
  clear.disabled = true;
  actions.appendChild(clear);
  var orFile = el("p", { class: "hint" }, "Of kies een afbeelding van uw handtekening:");
  orFile.style.marginTop = ".75rem";
  [hint, canvas, hidden, actions, orFile].forEach(function (node) {
    slot.appendChild(node);
  });
  var noScriptHint = document.getElementById("handtekening-zonder-script");
  if (noScriptHint) noScriptHint.remove();

  var ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(canvas.clientWidth * ratio);
  canvas.height = Math.round(canvas.clientHeight * ratio);
  var ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.scale(ratio, ratio);
  ctx.lineWidth = 2.5;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.strokeStyle = "#14285a";
  var drawing = false;

  function point(event) {
    var rect = canvas.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }
  canvas.addEventListener("pointerdown", function (event) {
    canvas.setPointerCapture(event.pointerId);
    drawing = true;
    var p = point(event);
    ctx.beginPath();
    ctx.moveTo(p.x, p.y);
    ctx.lineTo(p.x + 0.1, p.y + 0.1);
    ctx.stroke();
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) return;
    var p = point(event);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
  });
  function end() {
    if (!drawing) return;
    drawing = false;
    hidden.value = canvas.toDataURL("image/png");
    clear.disabled = false;
  }
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  clear.addEventListener("click", function () {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.restore();
    hidden.value = "";
    clear.disabled = true;
  });
})();
