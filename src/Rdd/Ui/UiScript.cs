namespace ActorNet.Rdd.Ui;

/// <summary>
/// The pages' script and style, served by the driver itself (no CDN, nothing from the internet): each page polls its
/// REST resources every refresh interval and redraws a table, and the Training page draws its curves as hand-made SVG.
/// </summary>
internal static class UiScript
{
    public const string Css = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #222; }
        nav { background: #2d3e50; padding: 0.5em 1em; display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.3em 1.2em; }
        nav a { color: #fff; text-decoration: none; }
        nav a.current { font-weight: bold; text-decoration: underline; }
        nav .app { color: #9fc3e6; margin-left: auto; font-size: 0.9em; }
        main { padding: 0 1em 2em; }
        table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
        th { background: #eef2f6; }
        .RUNNING, .ACTIVE { color: #1f6fb2; } .SUCCEEDED, .COMPLETE { color: #2c8a3b; } .FAILED { color: #b2261f; font-weight: bold; }
        pre { background: #f6f8fa; padding: 0.5em; font-size: 0.85em; white-space: pre-wrap; }
        .bar { display: inline-block; width: 120px; height: 0.9em; background: #eee; border: 1px solid #bbb; vertical-align: middle; position: relative; }
        .bar span { position: absolute; top: 0; bottom: 0; left: 0; background: #7bb36c; } .bar span.run { background: #7aa9d6; }
        .error { color: #b2261f; white-space: pre-wrap; }
        #updated { color: #888; font-size: 0.8em; }
        svg text { font-size: 11px; fill: #444; }
        """;

    public const string Js = """
        'use strict';
        const body = document.body, page = body.dataset.page, app = body.dataset.app, refresh = +body.dataset.refresh;
        const api = path => fetch('/api/v1/applications/' + encodeURIComponent(app) + path).then(r => { if (!r.ok) throw new Error(path + ': HTTP ' + r.status); return r.json(); });
        const esc = v => v === null || v === undefined ? '' : String(v).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
        const table = (id, headers, rows) => rows.length === 0 ? '<p id="' + id + '-empty">none yet</p>'
          : '<table id="' + id + '"><tr>' + headers.map(h => '<th>' + esc(h) + '</th>').join('') + '</tr>' + rows.map(r => '<tr>' + r.map(c => '<td>' + c + '</td>').join('') + '</tr>').join('') + '</table>';
        const bytes = n => n < 1024 ? n + ' B' : n < 1048576 ? (n / 1024).toFixed(1) + ' KiB' : n < 1073741824 ? (n / 1048576).toFixed(1) + ' MiB' : (n / 1073741824).toFixed(2) + ' GiB';
        const records = (b, n) => bytes(b) + (n ? ' / ' + n + ' records' : '');
        const millis = ms => ms < 1000 ? ms + ' ms' : ms < 60000 ? (ms / 1000).toFixed(1) + ' s' : (ms / 60000).toFixed(1) + ' min';
        const time = t => t ? new Date(t).toLocaleTimeString() : '';
        const duration = (from, to) => { if (!from) return ''; const ms = (to ? new Date(to) : new Date()) - new Date(from); return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s'; };
        const progress = (done, running, total) => '<span class="bar"><span style="width:' + (total ? 100 * done / total : 0) + '%"></span>'
          + '<span class="run" style="left:' + (total ? 100 * done / total : 0) + '%;width:' + (total ? 100 * running / total : 0) + '%"></span></span> ' + done + '/' + total;
        const status = s => '<span class="' + esc(s) + '">' + esc(s) + '</span>';

        function chart(id, title, points, xLabel, yLabel) {
          const w = 640, h = 260, l = 60, r = 20, t = 24, b = 40;
          if (points.length === 0) return '<p id="' + id + '-empty">' + esc(title) + ': no points yet</p>';
          const xs = points.map(p => p[0]), ys = points.map(p => p[1]);
          let x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
          if (x1 === x0) { x0 -= 1; x1 += 1; } if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
          const X = x => l + (x - x0) / (x1 - x0) * (w - l - r), Y = y => h - b - (y - y0) / (y1 - y0) * (h - t - b);
          const ticks = (a, z) => [0, 0.25, 0.5, 0.75, 1].map(f => a + f * (z - a));
          let svg = '<svg id="' + id + '" data-points="' + points.length + '" width="' + w + '" height="' + h + '" viewBox="0 0 ' + w + ' ' + h + '" xmlns="http://www.w3.org/2000/svg">';
          svg += '<text x="' + l + '" y="14" style="font-weight:bold">' + esc(title) + '</text>';
          svg += '<line x1="' + l + '" y1="' + (h - b) + '" x2="' + (w - r) + '" y2="' + (h - b) + '" stroke="#888"/><line x1="' + l + '" y1="' + t + '" x2="' + l + '" y2="' + (h - b) + '" stroke="#888"/>';
          for (const v of ticks(y0, y1)) svg += '<line x1="' + l + '" x2="' + (w - r) + '" y1="' + Y(v) + '" y2="' + Y(v) + '" stroke="#eee"/><text x="' + (l - 6) + '" y="' + (Y(v) + 4) + '" text-anchor="end">' + (+v.toPrecision(3)) + '</text>';
          for (const v of ticks(x0, x1)) svg += '<text x="' + X(v) + '" y="' + (h - b + 16) + '" text-anchor="middle">' + (+v.toPrecision(3)) + '</text>';
          svg += '<text x="' + ((l + w - r) / 2) + '" y="' + (h - 6) + '" text-anchor="middle">' + esc(xLabel) + '</text>';
          svg += '<text x="14" y="' + ((t + h - b) / 2) + '" transform="rotate(-90 14 ' + ((t + h - b) / 2) + ')" text-anchor="middle">' + esc(yLabel) + '</text>';
          svg += '<polyline fill="none" stroke="#1f6fb2" stroke-width="2" points="' + points.map(p => X(p[0]) + ',' + Y(p[1])).join(' ') + '"/>';
          for (const p of points) svg += '<circle cx="' + X(p[0]) + '" cy="' + Y(p[1]) + '" r="3" fill="#1f6fb2"><title>' + p[0] + ': ' + p[1] + '</title></circle>';
          return svg + '</svg>';
        }

        let xAxis = 'round';
        window.setXAxis = v => { xAxis = v; tick(false); };

        const pages = {
          async overview() {
            const a = (await fetch('/api/v1/applications').then(r => r.json()))[0], jobs = await api('/jobs');
            return '<h2>' + esc(a.name) + '</h2>' + table('overview', ['application', 'master', 'started', 'jobs', 'running'],
              [[esc(a.id), esc(a.master), time(a.attempts[0].startTime), jobs.length, jobs.filter(j => j.status === 'RUNNING').length]]);
          },
          async jobs() {
            const jobs = await api('/jobs');
            return '<h2>Jobs</h2>' + table('jobs', ['id', 'name', 'status', 'stages', 'tasks (done/total)', 'running', 'failed', 'submitted', 'duration', 'failure'],
              jobs.map(j => [j.jobId, esc(j.name) + '<details><summary>lineage</summary><pre>' + esc(j.lineage) + '</pre></details>', status(j.status), esc(j.stageIds.join(', ')),
                progress(j.numCompletedTasks, j.numActiveTasks, j.numTasks), j.numActiveTasks, j.numFailedTasks, time(j.submissionTime),
                duration(j.submissionTime, j.completionTime), '<span class="error">' + esc(j.failureReason) + '</span>']));
          },
          async stages() {
            const stages = await api('/stages');
            return '<h2>Stages</h2>' + table('stages', ['id', 'attempt', 'name', 'status', 'jobs', 'tasks (done/total)', 'running', 'failed', 'killed', 'shuffle read', 'shuffle write', 'task time', 'duration', 'failure'],
              stages.map(s => [s.stageId, s.attemptId, esc(s.name), status(s.status), esc(s.jobIds.join(', ')), progress(s.numCompleteTasks, s.numActiveTasks, s.numTasks),
                s.numActiveTasks, s.numFailedTasks, s.numKilledTasks, records(s.shuffleReadBytes, s.shuffleReadRecords), records(s.shuffleWriteBytes, s.shuffleWriteRecords),
                millis(s.executorRunTime), duration(s.submissionTime, s.completionTime),
                '<span class="error">' + esc([s.failureReason].concat(s.taskFailures).filter(x => x).join('\n')) + '</span>']));
          },
          async executors() {
            const [members, executors] = await Promise.all([api('/cluster'), api('/allexecutors')]);
            return '<h2>Cluster members</h2>' + table('members', ['address', 'roles', 'status', 'reachable'],
                members.map(m => [esc(m.address), esc(m.roles.join(', ')), esc(m.status), m.reachable ? 'yes' : '<span class="error">no</span>']))
              + '<h2>Executors</h2>' + table('executors', ['id', 'host', 'active', 'cores', 'active tasks', 'completed tasks', 'failed tasks', 'task time', 'shuffle read', 'shuffle write', 'cached blocks', 'memory', 'disk', 'removed'],
                executors.map(e => [esc(e.id), esc(e.hostPort), e.isActive ? 'yes' : 'no', e.totalCores, e.activeTasks, e.completedTasks, e.failedTasks,
                  millis(e.totalDuration), bytes(e.totalShuffleRead), bytes(e.totalShuffleWrite), e.rddBlocks, bytes(e.memoryUsed), bytes(e.diskUsed), esc(e.removeReason)]));
          },
          async storage() {
            const rdds = await api('/storage/rdd');
            return '<h2>Storage</h2>' + table('rdds', ['id', 'name', 'storage level', 'cached partitions', 'partitions', 'memory', 'disk'],
              rdds.map(r => [r.id, esc(r.name), esc(r.storageLevel), r.numCachedPartitions, r.numPartitions, bytes(r.memoryUsed), bytes(r.diskUsed)]));
          },
          async training() {
            const t = await api('/training/summary'), rounds = t.rounds, run = t.run;
            const x = r => xAxis === 'round' ? r.round : r.seconds, xl = xAxis === 'round' ? 'round' : 'seconds';
            let html = '<h2>Training</h2>';
            html += run ? table('run', ['mode', 'workers (K)', 'iterations per round (tau)', 'learning rate', 'batch', 'rounds', 'started'],
              [[esc(run.mode), run.workers, run.stepsPerRound, +run.learningRate.toPrecision(6), run.batchSize, run.rounds, time(run.startTime)]]) : '<p>no training run in this application yet</p>';
            html += '<p>x axis: <label><input type="radio" name="x" onclick="setXAxis(\'round\')"' + (xAxis === 'round' ? ' checked' : '') + '> round</label> '
              + '<label><input type="radio" name="x" onclick="setXAxis(\'seconds\')"' + (xAxis === 'seconds' ? ' checked' : '') + '> seconds</label></p>';
            html += chart('loss-chart', 'training loss', rounds.map(r => [x(r), r.loss]), xl, 'loss');
            html += chart('accuracy-chart', 'test accuracy', rounds.filter(r => r.testAccuracy !== null).map(r => [x(r), r.testAccuracy]), xl, 'accuracy');
            html += '<h3>Rounds</h3>' + table('rounds', ['round', 'seconds', 'loss', 'test accuracy', 'images/s', 'workers'],
              rounds.slice(-50).reverse().map(r => [r.round, r.seconds.toFixed(1), r.loss.toFixed(4), r.testAccuracy === null ? '' : r.testAccuracy.toFixed(4), r.imagesPerSecond.toFixed(0), r.workers]));
            html += '<h3>Recoveries after a lost worker</h3>' + table('recoveries', ['recovery'], t.recoveries.map(r => [esc(r)]));
            html += '<h3>Checkpoints written</h3>' + table('checkpoints', ['checkpoint'], t.checkpoints.map(c => [esc(c)]));
            return html;
          },
          async environment() {
            const e = await api('/environment');
            return '<h2>Runtime</h2>' + table('runtime', ['name', 'value'], Object.entries(e.runtime).map(([k, v]) => [esc(k), esc(v)]))
              + '<h2>Configuration</h2>' + table('properties', ['key', 'value'], e.actornetProperties.map(p => [esc(p[0]), esc(p[1])]));
          },
        };

        async function tick(again = true) {
          try {
            document.getElementById('content').innerHTML = await pages[page]();
            document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
          } catch (e) {
            document.getElementById('updated').textContent = 'could not refresh: ' + e.message + ' (has the application finished?)';
          }
          if (again) setTimeout(tick, refresh);
        }
        tick();
        """;
}
