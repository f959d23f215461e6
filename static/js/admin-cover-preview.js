// Shows the chosen cover before it is uploaded; without JavaScript the saved one shows.
// The caption comes from the script element's data-caption (translated in the template).
"use strict";
(function () {
    const script = document.currentScript;
    const input = document.getElementById("id_cover_image");
    if (!input || !window.URL || !URL.createObjectURL) {
        return;
    }
    const figure = document.createElement("figure");
    figure.hidden = true;
    const img = document.createElement("img");
    img.className = "colloquy-thumb";
    img.width = 240;
    img.alt = "";
    const caption = document.createElement("figcaption");
    caption.textContent = script ? script.dataset.caption || "" : "";
    figure.append(img, caption);
    input.insertAdjacentElement("afterend", figure);
    input.addEventListener("change", function () {
        const file = input.files && input.files[0];
        figure.hidden = !file;
        if (file) {
            img.src = URL.createObjectURL(file);
        }
    });
})();
