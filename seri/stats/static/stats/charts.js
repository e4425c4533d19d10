// Downloads a server-drawn SVG chart as a PNG: the SVG is drawn on a canvas at twice its size.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a[data-png]");
  if (!link) return;
  event.preventDefault();
  const svgText = await (await fetch(link.href, { credentials: "same-origin" })).text();
  // A data: URL, which the Content-Security-Policy allows for images (blob: it does not).
  const url = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svgText);
  const img = new Image();
  img.onload = () => {
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth * 2;
    canvas.height = img.naturalHeight * 2;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    canvas.toBlob((blob) => {
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = link.dataset.png;
      document.body.appendChild(a);
      a.click();
      a.remove();
    }, "image/png");
  };
  img.src = url;
});
