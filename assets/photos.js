/* Photos and sending on a phone over mobile data (every form with a photo picker: /lapor, the kecamatan
   desk, the staff resolve form).

   - Each chosen photo is decoded in the browser, turned upright, scaled to at most 1600 px on its longest
     side and re-encoded as JPEG (quality 0.8) before it joins the form's files; a format the browser cannot
     decode goes as it is. The server's photo pipeline still checks, strips and resizes everything.
   - Thumbnails with the size that will be sent and a remove button; "Use the photo's location" when a photo
     carries a GPS position (read from its EXIF before shrinking, since the shrunk copy has none). An officer's
     proof photo (a picker with data-keep-gps) gets that position written back into the shrunk copy, alone, so
     the server can compare it with the report's place; the server strips it before storing.
   - Sending: the button is disabled and counts "Sending… 45%" with a progress bar, from the upload that
     Reflex sends to /_upload; a network failure keeps the form and offers a retry. The form's idempotency
     key lives in its server state, so a retry or a late second try files one report.
   - Offline: the draft (fields, place, photos) is kept in IndexedDB; pressing send while offline waits for
     the connection and then sends, as the same form.

   The files themselves live in Reflex's upload context (filesById); photo_picker.py renders a small bridge
   that hands this script that context whenever it changes. */
(function () {
  "use strict";
  if (window.pengaduanPhotos) return;

  var MAX_SIDE = 1600;
  var QUALITY = 0.8;
  var EXIF_BYTES = 256 * 1024;
  // upload id -> {files: the prepared photos, kept: the list last handed to Reflex, seen: the last list Reflex
  // showed us, busy: picks being prepared, expecting: a pick not yet handed over, waiting: sends held until
  // none is busy, location, restored}
  var forms = {};
  var react = { all: {}, set: null };
  var ours = typeof WeakSet === "function" ? new WeakSet() : null;
  var previews = typeof WeakMap === "function" ? new WeakMap() : null;
  var sending = null; // {id, button} while an upload of ours runs

  function form(id) {
    if (!forms[id]) forms[id] = { files: [], kept: undefined, seen: undefined, busy: 0, expecting: false, waiting: [], location: null, restored: false };
    return forms[id];
  }

  function container(id) {
    return document.querySelector('[data-photo-upload="' + id + '"]');
  }

  function label(el, name, values) {
    var text = (el && el.getAttribute("data-l-" + name)) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(values[key]));
    });
    return text;
  }

  function kilobytes(bytes) {
    return bytes >= 1024 * 1024 ? (bytes / 1024 / 1024).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  /* ---------- the JPEG's head: GPS and orientation (EXIF, APP1) and size (SOF) ---------- */

  var SOF = [0xffc0, 0xffc1, 0xffc2, 0xffc3, 0xffc5, 0xffc6, 0xffc7, 0xffc9, 0xffca, 0xffcb, 0xffcd, 0xffce, 0xffcf];

  function jpegHead(buffer) {
    var view = new DataView(buffer), head = { gps: null, width: 0, height: 0, turned: false };
    if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return head;
    var offset = 2;
    while (offset + 9 < view.byteLength) {
      var marker = view.getUint16(offset);
      var length = view.getUint16(offset + 2);
      if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) break;
      if (marker === 0xffe1 && view.getUint32(offset + 4) === 0x45786966) {
        var exif = fromTiff(view, offset + 10);
        head.gps = exif.gps;
        head.turned = exif.turned;
      } else if (SOF.indexOf(marker) >= 0) {
        head.height = view.getUint16(offset + 5);
        head.width = view.getUint16(offset + 7);
        break; // the size is the last thing needed: the EXIF comes before it
      }
      offset += 2 + length;
    }
    return head;
  }

  function fromTiff(view, tiff) {
    if (tiff + 8 > view.byteLength) return { gps: null, turned: false };
    var little = view.getUint16(tiff) === 0x4949;
    var u16 = function (at) { return view.getUint16(at, little); };
    var u32 = function (at) { return view.getUint32(at, little); };
    var entries = function (ifd) {
      var out = {};
      if (ifd + 2 > view.byteLength) return out;
      for (var i = 0, n = u16(ifd); i < n; i++) {
        var at = ifd + 2 + i * 12;
        if (at + 12 > view.byteLength) break;
        out[u16(at)] = { type: u16(at + 2), count: u32(at + 4), value: at + 8 };
      }
      return out;
    };
    var first = entries(tiff + u32(tiff + 4));
    // Orientations 5 to 8 turn the picture a quarter: upright, its width is the stored height.
    var turned = !!first[0x0112] && u16(first[0x0112].value) >= 5;
    var gpsPointer = first[0x8825];
    if (!gpsPointer) return { gps: null, turned: turned };
    var gps = entries(tiff + u32(gpsPointer.value));
    var degrees = function (entry) {
      if (!entry || entry.type !== 5 || entry.count !== 3) return null;
      var at = tiff + u32(entry.value), parts = [];
      if (at + 24 > view.byteLength) return null;
      for (var i = 0; i < 3; i++) {
        var den = u32(at + i * 8 + 4);
        parts.push(den ? u32(at + i * 8) / den : 0);
      }
      return parts[0] + parts[1] / 60 + parts[2] / 3600;
    };
    var ref = function (entry) {
      return entry ? String.fromCharCode(view.getUint8(entry.value)) : "";
    };
    var lat = degrees(gps[2]), lng = degrees(gps[4]);
    if (lat === null || lng === null || (lat === 0 && lng === 0)) return { gps: null, turned: turned };
    if (ref(gps[1]) === "S") lat = -lat;
    if (ref(gps[3]) === "W") lng = -lng;
    return { gps: { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 }, turned: turned };
  }

  function readHead(file) {
    var none = { gps: null, width: 0, height: 0, turned: false };
    if (!/jpe?g$/i.test(file.type) || !file.slice) return Promise.resolve(none);
    return file.slice(0, EXIF_BYTES).arrayBuffer().then(jpegHead).catch(function () { return none; });
  }

  /* ---------- shrinking ---------- */

  function decode(file, head) {
    if (window.createImageBitmap) {
      var upright = { imageOrientation: "from-image" }, longest = Math.max(head.width, head.height);
      if (longest <= MAX_SIDE) return createImageBitmap(file, upright);
      // A size known from the head: decode straight to the size sent, smoothly and off the page's thread.
      // A canvas's default downscale keeps the sensor's grain, which JPEG pays for (bench/phone.py's camera
      // photo: 315 KB that way, 185 KB this way); a canvas told to smooth as well took about twice as long.
      var scale = MAX_SIDE / longest;
      var sized = {
        imageOrientation: "from-image",
        resizeWidth: Math.max(1, Math.round((head.turned ? head.height : head.width) * scale)),
        resizeHeight: Math.max(1, Math.round((head.turned ? head.width : head.height) * scale)),
        resizeQuality: "high"
      };
      return createImageBitmap(file, sized).catch(function () { return createImageBitmap(file, upright); });
    }
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () { resolve(img); };
      img.onerror = reject;
      img.src = URL.createObjectURL(file);
    });
  }

  function shrink(file, head) {
    return decode(file, head).then(function (image) {
      // Scaled here too when the browser did not (no size in the head, or no resize in createImageBitmap).
      var width = image.width, height = image.height;
      var scale = Math.min(1, MAX_SIDE / Math.max(width, height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(width * scale));
      canvas.height = Math.max(1, Math.round(height * scale));
      canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
      if (image.close) image.close();
      return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", QUALITY); });
    }).then(function (blob) {
      if (!blob) return file;
      var name = (file.name || "foto").replace(/\.[^.]*$/, "") + ".jpg";
      return new File([blob], name, { type: "image/jpeg", lastModified: Date.now() });
    }).catch(function () {
      return file; // a format this browser cannot decode: the server decides
    });
  }

  /* ---------- the GPS position back into a shrunk proof photo ---------- */

  /* An EXIF segment (APP1) holding only the GPS position, big-endian: IFD0 with the GPS pointer, the GPS IFD
     with the latitude and longitude and their hemispheres, then their degrees/minutes/seconds as rationals. */
  function gpsSegment(gps) {
    var bytes = new Uint8Array(2 + 2 + 6 + 128);
    var view = new DataView(bytes.buffer);
    view.setUint16(0, 0xffe1);
    view.setUint16(2, bytes.length - 2);
    [0x45, 0x78, 0x69, 0x66, 0, 0].forEach(function (b, i) { bytes[4 + i] = b; }); // "Exif\0\0"
    var t = 10; // the TIFF header starts here; offsets below count from it
    view.setUint16(t, 0x4d4d);
    view.setUint16(t + 2, 42);
    view.setUint32(t + 4, 8);
    view.setUint16(t + 8, 1); // IFD0: one entry, the GPS IFD's offset
    view.setUint16(t + 10, 0x8825); view.setUint16(t + 12, 4); view.setUint32(t + 14, 1); view.setUint32(t + 18, 26);
    view.setUint32(t + 22, 0);
    view.setUint16(t + 26, 4);
    var entry = function (n, tag, type, count) {
      var at = t + 28 + n * 12;
      view.setUint16(at, tag); view.setUint16(at + 2, type); view.setUint32(at + 4, count);
      return at + 8;
    };
    bytes[entry(0, 1, 2, 2)] = (gps.lat < 0 ? "S" : "N").charCodeAt(0);
    view.setUint32(entry(1, 2, 5, 3), 80);
    bytes[entry(2, 3, 2, 2)] = (gps.lng < 0 ? "W" : "E").charCodeAt(0);
    view.setUint32(entry(3, 4, 5, 3), 104);
    view.setUint32(t + 76, 0);
    var rationals = function (at, value) {
      value = Math.abs(value);
      var degrees = Math.floor(value), minutes = Math.floor((value - degrees) * 60);
      var seconds = Math.min(599999, Math.round(((value - degrees) * 60 - minutes) * 60 * 10000));
      [[degrees, 1], [minutes, 1], [seconds, 10000]].forEach(function (part, i) {
        view.setUint32(t + at + i * 8, part[0]); view.setUint32(t + at + i * 8 + 4, part[1]);
      });
    };
    rationals(80, gps.lat);
    rationals(104, gps.lng);
    return bytes;
  }

  function withGps(file, gps) {
    if (!gps || file.type !== "image/jpeg") return Promise.resolve(file);
    return file.arrayBuffer().then(function (buffer) {
      var jpeg = new Uint8Array(buffer);
      if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return file;
      var blob = new Blob([jpeg.subarray(0, 2), gpsSegment(gps), jpeg.subarray(2)], { type: "image/jpeg" });
      return new File([blob], file.name, { type: "image/jpeg", lastModified: file.lastModified });
    }).catch(function () { return file; });
  }

  function prepare(file, keepGps) {
    return readHead(file).then(function (head) {
      return shrink(file, head).then(function (small) {
        // A proof photo (data-keep-gps) keeps its position for the server's check, which strips it on storing.
        return keepGps && small !== file ? withGps(small, head.gps) : small;
      }).then(function (small) {
        small.pengaduanGps = head.gps;
        mark(small);
        return small;
      });
    });
  }

  function mark(file) {
    if (ours) ours.add(file);
    else file.pengaduanOurs = true;
  }

  function isOurs(file) {
    return ours ? ours.has(file) : !!file.pengaduanOurs;
  }

  function preview(file) {
    if (!previews) return "";
    if (!previews.has(file)) previews.set(file, URL.createObjectURL(file));
    return previews.get(file);
  }

  /* ---------- the form's list, shared with Reflex ---------- */

  function publish(id) {
    var f = form(id);
    f.kept = f.files.slice();
    if (react.set) {
      react.set(function (all) {
        var next = Object.assign({}, all);
        next[id] = f.kept;
        return next;
      });
    }
    render(id);
    saveDraft(id);
  }

  function done(id) {
    form(id).busy -= 1;
    render(id);
    release(id);
  }

  /* Sends held while photos were prepared go once React has the prepared list: its click handler reads the
     files of its last render, so a click before that render would still send the originals. */
  function release(id) {
    var f = form(id);
    if (f.busy || (react.set && react.all[id] !== f.kept)) return; // sync() calls again after that render
    f.waiting.splice(0).forEach(function (go) { go(); });
  }

  function add(id, fresh) {
    var f = form(id);
    f.busy += 1;
    render(id);
    var zone = container(id);
    var keepGps = !!zone && zone.getAttribute("data-keep-gps") === "1";
    Promise.all(fresh.map(function (file) { return prepare(file, keepGps); })).then(function (ready) {
      f.files = f.files.concat(ready);
      publish(id);
      done(id);
    });
  }

  /* A file was just chosen or dropped: until the drop zone has handed it over (react-dropzone reads it
     asynchronously), a press on "send" must wait, or the original would go. */
  function awaitPick(event) {
    var zone = event.target && event.target.closest && event.target.closest(".rx-Upload");
    if (!zone || !zone.id) return;
    var id = zone.id;
    var f = form(id);
    if (f.expecting) return;
    f.expecting = true;
    f.busy += 1;
    setTimeout(function () { handedOver(id); }, 5000); // nothing accepted arrives for a cancelled pick
  }

  function handedOver(id) {
    var f = form(id);
    if (!f.expecting) return;
    f.expecting = false;
    done(id);
  }

  function remove(id, index) {
    var f = form(id);
    f.files.splice(index, 1);
    publish(id);
  }

  /* Called by the bridge (photo_picker.py) with Reflex's upload context each time it changes. */
  function sync(all, set) {
    react.all = all || {};
    react.set = set;
    // Every form on the page, and every form seen before: a sent form's picker may be gone from the page
    // (the answer replaces it) when Reflex clears its files, and its draft must still be deleted then.
    var ids = Object.keys(forms);
    var zones = document.querySelectorAll("[data-photo-upload]");
    for (var z = 0; z < zones.length; z++) {
      var zoneId = zones[z].getAttribute("data-photo-upload");
      if (ids.indexOf(zoneId) < 0) ids.push(zoneId);
    }
    for (var i = 0; i < ids.length; i++) {
      var id = ids[i];
      var f = form(id);
      var current = react.all[id];
      if (current === undefined && f.kept === undefined) {
        if (!f.restored) {
          f.restored = true;
          restoreDraft(id);
        }
        continue;
      }
      if (current === f.kept) release(id);
      if (current === f.kept || current === f.seen) continue;
      f.seen = current;
      if (current === undefined) {
        // Reflex cleared the files: the form was sent (or started again); its draft is done.
        f.files = [];
        f.kept = undefined;
        f.location = null;
        deleteDraft(id);
        render(id);
        continue;
      }
      // The drop zone hands over only the newly chosen files: shrink them and add them to those kept.
      // (A pick with nothing accepted, e.g. a PDF, hands over none: the kept photos go back.)
      var fresh = current.filter(function (file) { return !isOurs(file); });
      if (fresh.length) add(id, fresh);
      else publish(id);
      handedOver(id);
    }
  }

  /* ---------- what the person sees ---------- */

  function render(id) {
    var zone = container(id);
    if (!zone) return;
    var f = form(id);
    var list = zone.querySelector(".photo-thumbs");
    if (!list) {
      list = document.createElement("ul");
      list.className = "photo-thumbs";
      zone.appendChild(list);
    }
    list.textContent = "";
    f.files.forEach(function (file, index) {
      var item = document.createElement("li");
      item.className = "photo-thumb";
      var img = document.createElement("img");
      img.src = preview(file);
      img.alt = "";
      var text = document.createElement("span");
      text.className = "photo-thumb-size";
      text.textContent = kilobytes(file.size);
      var drop = document.createElement("button");
      drop.type = "button";
      drop.className = "photo-remove";
      drop.setAttribute("data-photo-remove", String(index));
      drop.setAttribute("aria-label", label(zone, "remove", { n: index + 1, name: file.name }));
      drop.textContent = "×";
      item.appendChild(img);
      item.appendChild(text);
      item.appendChild(drop);
      list.appendChild(item);
    });
    var busy = zone.querySelector(".photo-busy");
    if (f.busy && !busy) {
      busy = document.createElement("p");
      busy.className = "photo-busy";
      busy.setAttribute("role", "status");
      busy.textContent = label(zone, "shrinking");
      zone.appendChild(busy);
    } else if (!f.busy && busy) {
      busy.remove();
    }
    var withGps = f.files.filter(function (file) { return file.pengaduanGps; })[0];
    var locate = zone.querySelector(".photo-location");
    if (withGps && zone.getAttribute("data-picker")) {
      if (!locate) {
        locate = document.createElement("button");
        locate.type = "button";
        locate.className = "button secondary photo-location";
        locate.id = id + "-use-photo-location";
        zone.appendChild(locate);
      }
      locate.textContent = label(zone, "use-location");
      locate.setAttribute("data-lat", String(withGps.pengaduanGps.lat));
      locate.setAttribute("data-lng", String(withGps.pengaduanGps.lng));
    } else if (locate) {
      locate.remove();
    }
  }

  function usePhotoLocation(zone, button) {
    var lat = Number(button.getAttribute("data-lat")), lng = Number(button.getAttribute("data-lng"));
    var frame = document.getElementById(zone.getAttribute("data-picker"));
    if (frame && frame.contentWindow) frame.contentWindow.postMessage({ type: "pengaduan:set-location", lat: lat, lng: lng }, "*");
    window.postMessage({ type: "pengaduan:location", lat: lat, lng: lng }, window.location.origin);
  }

  function status(button, name, values, withRetry) {
    var box = document.getElementById(button.getAttribute("data-status"));
    if (!box) return;
    box.textContent = name ? label(button, name, values) : "";
    box.classList.toggle("is-problem", name === "failed");
    if (withRetry) {
      var retry = document.createElement("button");
      retry.type = "button";
      retry.className = "button secondary send-retry";
      retry.textContent = label(button, "retry");
      retry.addEventListener("click", function () { button.click(); });
      box.appendChild(document.createTextNode(" "));
      box.appendChild(retry);
    }
  }

  function progress(button, fraction) {
    var percent = Math.min(100, Math.round(fraction * 100));
    var text = button.querySelector(".send-percent");
    if (text) text.textContent = label(button, "sending", { percent: percent });
    var bar = document.getElementById(button.getAttribute("data-progress"));
    if (bar) {
      bar.classList.add("active");
      bar.setAttribute("aria-valuenow", String(percent));
      var fill = bar.querySelector(".send-progress-fill");
      if (fill) fill.style.width = percent + "%";
    }
  }

  function startSending(button, id) {
    var job = { id: id, button: button, started: false };
    sending = job;
    // Reflex starts the upload at once when its socket is up; if nothing starts, do not stay disabled.
    setTimeout(function () {
      if (sending === job && !job.started) {
        stopSending(button);
        status(button, "failed", {}, true);
      }
    }, 20000);
    button.classList.add("is-sending");
    status(button, "");
    progress(button, 0);
    setTimeout(function () { button.disabled = true; }, 0);
  }

  function stopSending(button) {
    if (sending && sending.button === button) sending = null;
    button.classList.remove("is-sending");
    button.disabled = false;
    var bar = document.getElementById(button.getAttribute("data-progress"));
    if (bar) bar.classList.remove("active");
  }

  /* Reflex sends the files with XMLHttpRequest to /_upload and keeps its progress and errors to itself:
     watch that request to show the progress and a failure. */
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.pengaduanUpload = /\/_upload(?:[?#]|$)/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var job = this.pengaduanUpload ? sending : null;
    if (job) {
      job.started = true;
      var xhr = this;
      var failed = function () {
        stopSending(job.button);
        status(job.button, "failed", {}, true);
      };
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) progress(job.button, e.loaded / e.total);
      });
      xhr.addEventListener("load", function () {
        if (xhr.status >= 200 && xhr.status < 300) stopSending(job.button);
        else failed();
      });
      xhr.addEventListener("error", failed);
      xhr.addEventListener("timeout", failed);
    }
    return send.apply(this, arguments);
  };

  function offlineNotice() {
    var buttons = document.querySelectorAll("[data-photo-send]");
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      if (!navigator.onLine) status(b, b.getAttribute("data-queued") ? "queued" : "offline");
      else if (!b.getAttribute("data-queued")) status(b, "");
    }
  }

  function sendWhenOnline(button, id) {
    if (button.getAttribute("data-queued")) return;
    button.setAttribute("data-queued", "1");
    saveDraft(id);
    status(button, "queued");
    window.addEventListener("online", function again() {
      window.removeEventListener("online", again);
      // The page's socket reconnects first; the click's event waits in Reflex's queue until it has.
      setTimeout(function () {
        var now = document.querySelector('[data-photo-send="' + id + '"]');
        if (now) {
          now.removeAttribute("data-queued");
          now.click();
        }
      }, 500);
    });
  }

  document.addEventListener(
    "click",
    function (event) {
      var target = event.target && event.target.closest ? event.target : null;
      if (!target) return;
      var removeButton = target.closest("[data-photo-remove]");
      if (removeButton) {
        var zone = removeButton.closest("[data-photo-upload]");
        remove(zone.getAttribute("data-photo-upload"), Number(removeButton.getAttribute("data-photo-remove")));
        return;
      }
      var locate = target.closest(".photo-location");
      if (locate) {
        usePhotoLocation(locate.closest("[data-photo-upload]"), locate);
        return;
      }
      var button = target.closest("[data-photo-send]");
      if (!button) return;
      var id = button.getAttribute("data-photo-send");
      var f = form(id);
      var hold = function () {
        event.stopPropagation();
        event.preventDefault();
      };
      if (button.classList.contains("is-sending")) return hold();
      if (f.busy) {
        hold();
        f.waiting.push(function () { button.click(); });
        return;
      }
      if (!navigator.onLine) {
        hold();
        sendWhenOnline(button, id);
        return;
      }
      startSending(button, id);
    },
    true,
  );

  /* ---------- the draft on the phone (IndexedDB) ---------- */

  var database = null;

  function db() {
    if (!window.indexedDB) return Promise.reject(new Error("no IndexedDB"));
    if (!database) {
      database = new Promise(function (resolve, reject) {
        var request = indexedDB.open("pengaduan", 1);
        request.onupgradeneeded = function () { request.result.createObjectStore("drafts"); };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return database;
  }

  function withStore(mode, work) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var tx = d.transaction("drafts", mode);
        var result = work(tx.objectStore("drafts"));
        tx.oncomplete = function () { resolve(result && result.result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function draftKey(id) {
    return window.location.pathname.replace(/\/+$/, "") + "#" + id; // /lapor and /lapor/ are one form
  }

  function fieldsOf(zone) {
    var card = zone && zone.closest(".card");
    return card ? card.querySelectorAll("input[id], textarea[id], select[id]") : [];
  }

  function saveDraft(id) {
    var zone = container(id);
    if (!zone) return;
    var f = form(id);
    var fields = {};
    var inputs = fieldsOf(zone);
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i];
      if (el.type === "file") continue;
      if (el.type === "radio") { if (el.checked) fields[el.id] = true; } else fields[el.id] = el.value;
    }
    var draft = {
      fields: fields,
      location: f.location,
      photos: f.files.map(function (file) {
        return { name: file.name, type: file.type, blob: file, gps: file.pengaduanGps || null };
      }),
      saved: Date.now(),
    };
    withStore("readwrite", function (s) { return s.put(draft, draftKey(id)); }).catch(function () {});
  }

  function deleteDraft(id) {
    withStore("readwrite", function (s) { return s.delete(draftKey(id)); }).catch(function () {});
  }

  /* Give an empty field its draft value as if typed, so the form's state hears of it. A list's choices come
     from the server: until they are there (offline, before the page has its state), try again later. */
  function restoreField(el, value, tries) {
    if (!el.isConnected || el.value || !value) return;
    if (el.tagName === "SELECT") {
      var known = Array.prototype.some.call(el.options, function (o) { return o.value === value; });
      if (!known) {
        if (tries < 120) setTimeout(function () { restoreField(el, value, tries + 1); }, 1000);
        return;
      }
    }
    var proto = el.tagName === "TEXTAREA" ? HTMLTextAreaElement.prototype : el.tagName === "SELECT" ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, "value").set.call(el, value);
    el.dispatchEvent(new Event(el.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
  }

  function restoreDraft(id) {
    withStore("readonly", function (s) { return s.get(draftKey(id)); }).then(function (draft) {
      if (!draft) return;
      var f = form(id);
      if (draft.photos && draft.photos.length && !f.files.length) {
        f.files = draft.photos.map(function (p) {
          var file = new File([p.blob], p.name, { type: p.type });
          file.pengaduanGps = p.gps;
          mark(file);
          return file;
        });
        publish(id);
      }
      // Fields the server's state already holds (a reload of the same tab) are left as they are.
      setTimeout(function () {
        var inputs = fieldsOf(container(id));
        for (var i = 0; i < inputs.length; i++) {
          var el = inputs[i];
          if (!(el.id in draft.fields) || el.type === "file") continue;
          if (el.type === "radio") { if (!el.checked) el.click(); } else restoreField(el, draft.fields[el.id], 0);
        }
        if (draft.location) {
          f.location = draft.location;
          window.postMessage({ type: "pengaduan:location", lat: draft.location.lat, lng: draft.location.lng }, window.location.origin);
        }
      }, 1500);
    }).catch(function () {});
  }

  var typing = null;
  document.addEventListener("input", function (event) {
    var zone = event.target && event.target.closest && event.target.closest(".card");
    var picker = zone && zone.querySelector("[data-photo-upload]");
    if (!picker) return;
    clearTimeout(typing);
    typing = setTimeout(function () { saveDraft(picker.getAttribute("data-photo-upload")); }, 600);
  });

  window.addEventListener("message", function (event) {
    var m = event.data;
    if (!m || m.type !== "pengaduan:location" || typeof m.lat !== "number" || typeof m.lng !== "number") return;
    var zones = document.querySelectorAll("[data-photo-upload][data-picker]");
    for (var i = 0; i < zones.length; i++) {
      var id = zones[i].getAttribute("data-photo-upload");
      form(id).location = { lat: m.lat, lng: m.lng };
      saveDraft(id);
    }
  });

  document.addEventListener("change", awaitPick, true);
  document.addEventListener("drop", awaitPick, true);
  window.addEventListener("offline", offlineNotice);
  window.addEventListener("online", offlineNotice);

  window.pengaduanPhotos = { sync: sync, shrink: shrink, jpegHead: jpegHead };
  if (window.pengaduanUploads) sync(window.pengaduanUploads[0], window.pengaduanUploads[1]);
})();
