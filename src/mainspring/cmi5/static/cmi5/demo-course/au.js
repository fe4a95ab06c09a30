// A minimal cmi5 assignable unit (cmi5 Quartz §7, §8, §9, §10), in plain JavaScript.
// It reads the launch parameters, POSTs to the fetch URL once for its auth token, reads
// LMS.LaunchData, sends "initialized", then "completed", "passed" or "failed" and
// "terminated" as the learner clicks, and returns to the LMS's returnURL at the end.
(function () {
  "use strict";

  var VERBS = "http://adlnet.gov/expapi/verbs/";
  var CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
  var MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
  var MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";

  var params = new URLSearchParams(window.location.search);
  var endpoint = params.get("endpoint") || "";
  var fetchUrl = params.get("fetch");
  var actor = JSON.parse(params.get("actor") || "null");
  var registration = params.get("registration");
  var activityId = params.get("activityId");
  var auth = null;
  var launchData = null;
  var startedAt = Date.now();
  var ended = false;

  function $(id) { return document.getElementById(id); }

  function say(text, isError) {
    var status = $("status");
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  function logSent(text) {
    var item = document.createElement("li");
    item.textContent = text;
    $("log").appendChild(item);
  }

  function uuid() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function duration() {
    return "PT" + ((Date.now() - startedAt) / 1000).toFixed(2) + "S";
  }

  function xapi(path, options) {
    options = options || {};
    options.headers = Object.assign({
      "Authorization": "Basic " + auth,
      "X-Experience-API-Version": "1.0.3"
    }, options.headers || {});
    return window.fetch(endpoint.replace(/\/?$/, "/") + path, options);
  }

  function statement(verb, result, judged) {
    var context = JSON.parse(JSON.stringify(launchData.contextTemplate));
    context.registration = registration;
    context.contextActivities = context.contextActivities || {};
    var category = [{ objectType: "Activity", id: CMI5 }];
    if (result && ("success" in result || "completion" in result)) {
      category.push({ objectType: "Activity", id: MOVEON });
    }
    context.contextActivities.category = category;
    if (judged && launchData.masteryScore !== undefined) {
      context.extensions = context.extensions || {};
      context.extensions[MASTERY] = launchData.masteryScore;
    }
    var body = {
      id: uuid(),
      actor: actor,
      verb: { id: VERBS + verb, display: { "en-US": verb } },
      object: { objectType: "Activity", id: activityId },
      context: context,
      timestamp: new Date().toISOString()
    };
    if (result) { body.result = result; }
    return body;
  }

  function send(verb, result, judged) {
    return xapi("statements", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(statement(verb, result, judged))
    }).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (body) {
          var message = (body.error && body.error.message) || response.statusText;
          throw new Error(verb + " was refused (" + response.status + "): " + message);
        });
      }
      logSent(verb + (result && result.score ? " (score " + result.score.scaled + ")" : ""));
      return response;
    });
  }

  function fail(error) { say(String(error.message || error), true); }

  function start() {
    if (!fetchUrl || !actor || !registration || !activityId) {
      say("This page is a cmi5 unit: launch it from your learning path.", true);
      return;
    }
    window.fetch(fetchUrl, { method: "POST" })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (!body["auth-token"]) {
          throw new Error("No token from the LMS: " + (body["error-text"] || "unknown error"));
        }
        auth = body["auth-token"];
        var query = new URLSearchParams({
          stateId: "LMS.LaunchData",
          activityId: activityId,
          agent: JSON.stringify(actor),
          registration: registration
        });
        return xapi("activities/state?" + query.toString());
      })
      .then(function (response) {
        if (!response.ok) { throw new Error("Could not read LMS.LaunchData"); }
        return response.json();
      })
      .then(function (data) {
        launchData = data;
        if (data.masteryScore !== undefined) {
          $("mastery").textContent = "You pass with " + Math.round(data.masteryScore * 100) + "%.";
        }
        return send("initialized");
      })
      .then(function () {
        say("Connected. Your progress is recorded as you go.");
        ["completed", "judge", "exit"].forEach(function (id) { $(id).disabled = false; });
      })
      .catch(fail);
  }

  function completed() {
    $("completed").disabled = true;
    send("completed", { completion: true, duration: duration() }).catch(fail);
  }

  function judge() {
    var right = Math.max(0, Math.min(5, parseInt($("score").value, 10) || 0));
    var scaled = right / 5;
    var mastery = launchData.masteryScore;
    var passed = mastery === undefined ? scaled >= 0.5 : scaled >= mastery;
    $("judge").disabled = true;
    var result = {
      score: { scaled: scaled, raw: right, min: 0, max: 5 },
      success: passed,
      duration: duration()
    };
    send(passed ? "passed" : "failed", result, true)
      .then(function () { say(passed ? "Quiz passed." : "Not passed this time: launch it again to retry."); })
      .catch(fail);
  }

  function exit() {
    if (ended) { return; }
    ended = true;
    ["completed", "judge", "exit"].forEach(function (id) { $(id).disabled = true; });
    send("terminated", { duration: duration() })
      .then(function () {
        say("Finished. Returning to your path…");
        if (launchData.returnURL) { window.location.assign(launchData.returnURL); }
      })
      .catch(fail);
  }

  document.addEventListener("DOMContentLoaded", function () {
    $("completed").addEventListener("click", completed);
    $("judge").addEventListener("click", judge);
    $("exit").addEventListener("click", exit);
    start();
  });
})();
