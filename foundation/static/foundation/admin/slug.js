"use strict";
// Slugs pre-filled from a name drop French elision ("l’Institut" → "institut"), as
// foundation/text.py slugify does on the server (tests/test_slugs.py runs both on the same
// names). Django's prepopulate.js calls window.URLify each time the name changes, so
// wrapping it once the page has loaded is enough.
(function() {
    const ELISION = /(^|[^\p{L}\p{N}_])(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’ʼ](?=[\p{L}\p{N}_])/giu;
    // Letters Unicode does not decompose, spelt as readers type them (foundation/text.py LETTERS).
    const LETTERS = {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"};
    const OTHER_LETTERS = /[œæøłđðþıŒÆØŁĐÐÞ]/g;

    function spelt(text) {
        return String(text)
            .replace(ELISION, "$1")
            .replace(OTHER_LETTERS, (letter) => LETTERS[letter.toLowerCase()] || letter);
    }

    function install() {
        const original = window.URLify;
        if (typeof original !== "function" || original.dropsElision) {
            return;
        }
        const withoutElision = function(text, maxLength, allowUnicode) {
            return original(spelt(text), maxLength, allowUnicode);
        };
        withoutElision.dropsElision = true;
        window.URLify = withoutElision;
    }

    install();
    document.addEventListener("DOMContentLoaded", install);
})();
