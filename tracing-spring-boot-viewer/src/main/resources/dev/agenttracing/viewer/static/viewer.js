/*
 * agent-tracing trace viewer. Plain JavaScript, no build step, no external resources.
 * Reads the JSON API next to this page (api/sessions, .../runs, .../runs/{run}, .../spans/{span}),
 * refreshes itself every few seconds and never writes anything. All trace content is put into the
 * page as text (textContent), never as HTML.
 */
(function () {
	'use strict';

	var SESSIONS_PAGE = 50;
	var RUNS_PAGE = 20;
	var refreshMs = parseInt(document.body.getAttribute('data-refresh-ms'), 10) || 2000;
	var currency = document.body.getAttribute('data-currency') || '';

	var state = {
		q: '',
		sessionsOffset: 0,
		session: null,
		runsOffset: 0,
		run: null,
		selected: null,
		sessions: null,
		runs: null,
		runData: null,
		skew: 0
	};
	var renderedSignatures = {};
	var timer = null;

	function $(id) {
		return document.getElementById(id);
	}

	function el(tag, className, text) {
		var node = document.createElement(tag);
		if (className) {
			node.className = className;
		}
		if (text !== undefined && text !== null) {
			node.textContent = String(text);
		}
		return node;
	}

	function api(path) {
		return fetch(path, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
			.then(function (response) {
				return response.text().then(function (text) {
					var body = null;
					try {
						body = text ? JSON.parse(text) : null;
					}
					catch (e) {
						body = null;
					}
					if (!response.ok) {
						var error = new Error((body && body.message) || ('HTTP ' + response.status));
						error.status = response.status;
						throw error;
					}
					return body;
				});
			});
	}

	function enc(value) {
		return encodeURIComponent(value);
	}

	// ---------------------------------------------------------------- formatting

	function formatDuration(ms) {
		if (ms === null || ms === undefined || isNaN(ms)) {
			return '';
		}
		if (ms === 0) {
			return '0 ms';
		}
		if (ms < 1) {
			return ms.toFixed(2) + ' ms';
		}
		if (ms < 1000) {
			return Math.round(ms) + ' ms';
		}
		if (ms < 60000) {
			return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
		}
		var minutes = Math.floor(ms / 60000);
		return minutes + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
	}

	function formatAgo(ms) {
		if (!ms) {
			return '';
		}
		var seconds = Math.round((Date.now() + state.skew - ms) / 1000);
		if (seconds < 5) {
			return 'just now';
		}
		if (seconds < 60) {
			return seconds + ' s ago';
		}
		if (seconds < 3600) {
			return Math.floor(seconds / 60) + ' min ago';
		}
		if (seconds < 86400) {
			return Math.floor(seconds / 3600) + ' h ago';
		}
		return new Date(ms).toLocaleDateString();
	}

	function formatTime(ms) {
		return ms ? new Date(ms).toLocaleString() : '';
	}

	function formatTokens(usage) {
		if (!usage) {
			return '';
		}
		var total = usage.total_tokens;
		if (total === undefined && (usage.input_tokens !== undefined || usage.output_tokens !== undefined)) {
			total = (usage.input_tokens || 0) + (usage.output_tokens || 0);
		}
		var parts = [];
		if (usage.input_tokens !== undefined) {
			parts.push(usage.input_tokens + ' in');
		}
		if (usage.output_tokens !== undefined) {
			parts.push(usage.output_tokens + ' out');
		}
		return (total !== undefined ? total : '') + (parts.length ? ' (' + parts.join(' / ') + ')' : '');
	}

	/** A cost in the configured currency: cents for larger amounts, two significant digits for small ones. */
	function formatCost(cost) {
		if (cost === undefined || cost === null) {
			return '';
		}
		var text = cost >= 0.01 ? cost.toFixed(2) : (cost === 0 ? '0' : cost.toPrecision(2));
		return text + (currency ? ' ' + currency : '');
	}

	function badge(status, errorType) {
		var node = el('span', 'badge ' + status, status === 'error' ? 'failed' : status);
		node.setAttribute('data-status', status);
		if (status === 'error' && errorType) {
			node.title = errorType;
		}
		return node;
	}

	/** A value as indented JSON, with strings that hold JSON shown as that JSON. */
	function jsonBlock(value) {
		var pre = el('pre', 'json');
		if (typeof value === 'string') {
			var trimmed = value.trim();
			if ((trimmed.charAt(0) === '{' || trimmed.charAt(0) === '[') && trimmed.length < 500000) {
				try {
					value = JSON.parse(trimmed);
				}
				catch (e) {
					pre.textContent = value;
					return pre;
				}
			}
			else {
				pre.textContent = value;
				return pre;
			}
		}
		highlight(pre, JSON.stringify(value, null, 2));
		return pre;
	}

	function highlight(pre, text) {
		if (text === undefined) {
			pre.textContent = 'undefined';
			return;
		}
		var pattern = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
		var last = 0;
		var match;
		while ((match = pattern.exec(text)) !== null) {
			if (match.index > last) {
				pre.appendChild(document.createTextNode(text.slice(last, match.index)));
			}
			if (match[1]) {
				pre.appendChild(el('span', match[2] ? 'k' : 's', match[1]));
				if (match[2]) {
					pre.appendChild(document.createTextNode(match[2]));
				}
			}
			else if (match[3]) {
				pre.appendChild(el('span', 'b', match[3]));
			}
			else {
				pre.appendChild(el('span', 'n', match[4]));
			}
			last = pattern.lastIndex;
		}
		if (last < text.length) {
			pre.appendChild(document.createTextNode(text.slice(last)));
		}
	}

	function setStatus(text, isError) {
		var status = $('status');
		status.textContent = text;
		status.className = 'status' + (isError ? ' error' : '');
	}

	function changed(name, data) {
		var signature = JSON.stringify(data);
		if (renderedSignatures[name] === signature) {
			return false;
		}
		renderedSignatures[name] = signature;
		return true;
	}

	// ---------------------------------------------------------------- location

	function readHash() {
		var params = new URLSearchParams(location.hash.replace(/^#/, ''));
		var session = params.get('session');
		var run = params.get('run');
		var sessionChanged = session !== state.session;
		if (sessionChanged) {
			state.session = session;
			state.runsOffset = 0;
			state.runs = null;
			renderedSignatures.runs = null;
		}
		if (sessionChanged || run !== state.run) {
			state.run = run;
			state.runData = null;
			state.selected = null;
			renderedSignatures.run = null;
			$('details').hidden = true;
		}
	}

	function writeHash(session, run) {
		var params = new URLSearchParams();
		if (session) {
			params.set('session', session);
		}
		if (run) {
			params.set('run', run);
		}
		location.hash = params.toString();
	}

	// ---------------------------------------------------------------- sessions

	function loadSessions() {
		var path = 'api/sessions?limit=' + SESSIONS_PAGE + '&offset=' + state.sessionsOffset + '&q=' + enc(state.q);
		return api(path).then(function (data) {
			state.sessions = data;
			renderSessions(data);
		});
	}

	function renderSessions(data) {
		if (!changed('sessions', [data, state.session])) {
			refreshAgo();
			return;
		}
		var list = $('sessions');
		list.textContent = '';
		data.sessions.forEach(function (session) {
			var item = el('li', 'session' + (session.id === state.session ? ' selected' : ''));
			item.setAttribute('data-session', session.id);
			var link = el('a');
			link.href = '#session=' + enc(session.id);
			var name = el('span', 'name', session.session_id || session.id);
			name.title = session.id;
			link.appendChild(name);
			var meta = el('span', 'meta');
			meta.appendChild(document.createTextNode(session.runs + (session.runs === 1 ? ' run' : ' runs')));
			if (session.running > 0) {
				meta.appendChild(document.createTextNode(' · '));
				meta.appendChild(el('span', 'live', session.running + ' running'));
			}
			if (session.cost !== undefined) {
				meta.appendChild(document.createTextNode(' · '));
				var sessionCost = el('span', 'cost', formatCost(session.cost));
				sessionCost.title = 'total cost of ' + session.priced_runs + ' priced run' + (session.priced_runs === 1 ? '' : 's');
				meta.appendChild(sessionCost);
			}
			if (session.malformed_lines > 0) {
				meta.appendChild(document.createTextNode(' · '));
				meta.appendChild(el('span', 'bad', session.malformed_lines + ' bad line' + (session.malformed_lines === 1 ? '' : 's')));
			}
			meta.appendChild(document.createTextNode(' · '));
			var ago = el('span', 'ago', formatAgo(session.last_activity_ms));
			ago.setAttribute('data-ms', session.last_activity_ms || '');
			ago.title = formatTime(session.last_activity_ms);
			meta.appendChild(ago);
			link.appendChild(meta);
			item.appendChild(link);
			list.appendChild(item);
		});
		if (data.sessions.length === 0) {
			list.appendChild(el('li', 'muted small', state.q ? 'No session matches the filter.' : 'No sessions yet.'));
		}
		$('sessions-count').textContent = data.total + (data.total === 1 ? ' session' : ' sessions')
			+ (data.total > data.sessions.length ? ', showing ' + (data.offset + 1) + '–' + (data.offset + data.sessions.length) : '');
		$('sessions-newer').disabled = data.offset === 0;
		$('sessions-older').disabled = data.offset + data.sessions.length >= data.total;
	}

	function refreshAgo() {
		var nodes = document.querySelectorAll('.ago[data-ms]');
		for (var i = 0; i < nodes.length; i++) {
			var ms = parseFloat(nodes[i].getAttribute('data-ms'));
			if (ms) {
				nodes[i].textContent = formatAgo(ms);
			}
		}
	}

	// ---------------------------------------------------------------- runs of a session

	function loadRuns() {
		var path = 'api/sessions/' + enc(state.session) + '/runs?limit=' + RUNS_PAGE + '&offset=' + state.runsOffset;
		return api(path).then(function (data) {
			state.runs = data;
			renderRuns(data);
		}, function (error) {
			if (error.status === 404 || error.status === 400) {
				state.runs = null;
				renderMissing('session-view', 'No such session: ' + error.message);
				return;
			}
			throw error;
		});
	}

	function renderMissing(section, message) {
		$('empty').hidden = false;
		$('empty').firstElementChild.textContent = message;
		$(section).hidden = true;
	}

	function renderRuns(data) {
		$('empty').hidden = true;
		$('session-view').hidden = false;
		if (!changed('runs', [data, state.run])) {
			return;
		}
		var session = data.session;
		$('session-title').textContent = 'Session ' + (session.session_id || session.id);
		$('session-meta').textContent = data.total + (data.total === 1 ? ' run' : ' runs') + ' · ' + session.lines + ' lines · last activity '
			+ formatTime(session.last_activity_ms)
			+ (session.cost !== undefined ? ' · total cost ' + formatCost(session.cost) : '');
		var warning = $('malformed');
		if (session.malformed_lines > 0) {
			warning.hidden = false;
			warning.textContent = '';
			warning.appendChild(document.createTextNode(session.malformed_lines === 1
				? '1 line is not a trace event and was left out:'
				: session.malformed_lines + ' lines are not trace events and were left out'
					+ (session.malformed.length < session.malformed_lines ? ' (the first ' + session.malformed.length + ' listed):' : ':')));
			var list = el('ul');
			session.malformed.forEach(function (bad) {
				var item = el('li', 'malformed-line', 'line ' + bad.line + ': ' + bad.error);
				item.setAttribute('data-line', bad.line);
				list.appendChild(item);
			});
			warning.appendChild(list);
		}
		else {
			warning.hidden = true;
		}
		var body = $('runs').tBodies[0];
		body.textContent = '';
		data.runs.forEach(function (run) {
			var row = el('tr', 'run' + (run.run_id === state.run ? ' selected' : ''));
			row.setAttribute('data-run', run.run_id);
			row.setAttribute('data-status', run.status);
			row.appendChild(el('td', 'nowrap', formatTime(run.started_ms || run.last_event_ms)));
			row.appendChild(el('td', 'agent', run.agent_name || ''));
			var input = el('td', 'input', run.input || '');
			row.appendChild(input);
			var status = el('td');
			status.appendChild(badge(run.status, run.error_type));
			if (run.failed_tool_calls > 0) {
				status.appendChild(el('div', 'muted small', run.failed_tool_calls + ' failed tool call' + (run.failed_tool_calls === 1 ? '' : 's')));
			}
			row.appendChild(status);
			row.appendChild(el('td', 'nowrap duration', run.status === 'running' ? 'running' : formatDuration(run.duration_ms)));
			var tokens = el('td', 'nowrap tokens', formatTokens(run.usage));
			if (run.cost !== undefined) {
				tokens.appendChild(el('div', 'cost muted small', formatCost(run.cost)));
			}
			row.appendChild(tokens);
			row.appendChild(el('td', 'group', run.group_id || ''));
			var metadata = el('td', 'metadata');
			if (run.metadata) {
				Object.keys(run.metadata).forEach(function (key) {
					var value = run.metadata[key];
					var chip = el('span', 'chip', key + '=' + (typeof value === 'string' ? value : JSON.stringify(value)));
					chip.title = chip.textContent;
					metadata.appendChild(chip);
				});
			}
			row.appendChild(metadata);
			row.addEventListener('click', function () {
				writeHash(state.session, run.run_id);
			});
			body.appendChild(row);
		});
		if (data.runs.length === 0) {
			var empty = el('tr');
			var cell = el('td', 'muted', 'No runs.');
			cell.colSpan = 8;
			empty.appendChild(cell);
			body.appendChild(empty);
		}
		$('runs-range').textContent = data.total > 0 ? (data.offset + 1) + '–' + (data.offset + data.runs.length) + ' of ' + data.total + ', newest first' : '';
		$('runs-newer').disabled = data.offset === 0;
		$('runs-older').disabled = data.offset + data.runs.length >= data.total;
	}

	// ---------------------------------------------------------------- one run

	function loadRun() {
		var path = 'api/sessions/' + enc(state.session) + '/runs/' + enc(state.run) + '?limit=200';
		return api(path).then(function (data) {
			state.skew = data.now_ms - Date.now();
			state.runData = data;
			renderRun(data);
		}, function (error) {
			if (error.status === 404 || error.status === 400) {
				state.runData = null;
				$('run-view').hidden = false;
				$('run-title').textContent = 'No such run';
				$('run-status').textContent = '';
				$('run-meta').textContent = error.message;
				$('timeline').textContent = '';
				return;
			}
			throw error;
		});
	}

	function runNeedsRefresh() {
		if (!state.run) {
			return false;
		}
		if (!state.runData) {
			return true;
		}
		if (state.runData.run.status === 'running') {
			return true;
		}
		var listed = state.runs && state.runs.runs.filter(function (run) {
			return run.run_id === state.run;
		})[0];
		return !!listed && (listed.events !== state.runData.run.events || listed.status !== state.runData.run.status);
	}

	function renderRun(data, clockOnly) {
		var run = data.run;
		$('run-view').hidden = false;
		if (!clockOnly && !changed('run', [run, data.spans, data.markers, data.events.total]) && run.status !== 'running') {
			return;
		}
		$('run-title').textContent = (run.agent_name || 'Run') + ' · ' + run.run_id;
		var status = $('run-status');
		status.textContent = '';
		status.appendChild(badge(run.status, run.error_type));
		var meta = [];
		if (run.model) {
			meta.push(run.model);
		}
		meta.push(run.status === 'running' ? 'running for ' + formatDuration(now() - run.started_ms) : formatDuration(run.duration_ms));
		if (run.usage) {
			meta.push(formatTokens(run.usage) + ' tokens');
		}
		if (run.cost !== undefined) {
			meta.push('cost ' + formatCost(run.cost));
		}
		meta.push(run.tool_calls + ' tool call' + (run.tool_calls === 1 ? '' : 's') + (run.failed_tool_calls ? ', ' + run.failed_tool_calls + ' failed' : ''));
		if (run.model_calls) {
			meta.push(run.model_calls + ' model call' + (run.model_calls === 1 ? '' : 's') + (run.failed_model_calls ? ', ' + run.failed_model_calls + ' failed' : ''));
		}
		if (run.group_id) {
			meta.push('group ' + run.group_id);
		}
		$('run-meta').textContent = meta.join(' · ');
		var notes = [];
		if (data.spans_total > data.spans.length) {
			notes.push('Showing the first ' + data.spans.length + ' of ' + data.spans_total + ' calls.');
		}
		if (data.markers_total > data.markers.length) {
			notes.push('Showing the first ' + data.markers.length + ' of ' + data.markers_total + ' reasoning steps and content chunks.');
		}
		$('run-note').textContent = notes.join(' ');
		renderTimeline(data);
		if (state.selected) {
			var still = findSelected(data);
			if (still && state.selected.status !== still.status) {
				showDetails(state.selected.type, still);
			}
		}
	}

	function now() {
		return Date.now() + state.skew;
	}

	function findSelected(data) {
		if (state.selected.type === 'run') {
			return data.run;
		}
		if (state.selected.type === 'span') {
			return data.spans.filter(function (span) {
				return span.id === state.selected.id;
			})[0];
		}
		return null;
	}

	function renderTimeline(data) {
		var run = data.run;
		var spans = data.spans;
		var timeline = $('timeline');
		var start = run.started_ms;
		var end = run.ended_ms;
		var current = now();
		spans.forEach(function (span) {
			if (span.start_ms !== null && (start === null || span.start_ms < start)) {
				start = span.start_ms;
			}
		});
		if (start === null || start === undefined) {
			start = run.last_event_ms || current;
		}
		if (run.status === 'running') {
			end = Math.max(current, run.last_event_ms || current);
		}
		else if (end === null || end === undefined) {
			end = start + (run.duration_ms || 0);
		}
		spans.forEach(function (span) {
			var spanEnd = spanEndMs(span, current);
			if (spanEnd > end) {
				end = spanEnd;
			}
		});
		data.markers.forEach(function (marker) {
			if (marker.at_ms > end) {
				end = marker.at_ms;
			}
		});
		var total = Math.max(end - start, 1);

		timeline.textContent = '';
		timeline.appendChild(axisRow(total));
		var runEnd = run.status === 'running' ? current : (run.ended_ms || start + (run.duration_ms || 0));
		var runStart = run.started_ms !== null && run.started_ms !== undefined ? run.started_ms : start;
		timeline.appendChild(barRow('run', { id: run.span_id || run.run_id, name: run.agent_name || 'run', status: run.status === 'completed' ? 'ok' : run.status, error_type: run.error_type },
			runStart - start, runEnd - runStart, total, run.status === 'running' ? 'running' : formatDuration(run.duration_ms), function () {
				select({ type: 'run', id: run.span_id || run.run_id, status: run.status });
				showDetails('run', run);
			}));
		spans.forEach(function (span) {
			var spanStart = span.start_ms !== null ? span.start_ms : start;
			var duration = spanEndMs(span, current) - spanStart;
			var kind = span.kind === 'tool' || span.kind === 'model' ? span.kind : 'other';
			timeline.appendChild(barRow(kind, span, spanStart - start, duration, total, span.status === 'running' ? 'running' : formatDuration(span.duration_ms), function () {
				select({ type: 'span', id: span.id, status: span.status });
				showDetails('span', span);
			}));
		});
		if (data.markers.length > 0) {
			timeline.appendChild(markerRow(data.markers, start, total));
		}
		timeline.appendChild(legend());
		highlightSelection();
	}

	function spanEndMs(span, current) {
		if (span.start_ms === null) {
			return 0;
		}
		if (span.status === 'running') {
			return current;
		}
		return span.start_ms + (span.duration_ms || 0);
	}

	function axisRow(total) {
		var row = el('div', 'row axis');
		row.appendChild(el('div', 'label', 'time from start'));
		var track = el('div', 'track');
		[0, 0.25, 0.5, 0.75].forEach(function (fraction) {
			var tick = el('span', 'tick', formatDuration(total * fraction) || '0 ms');
			tick.style.left = (fraction * 100) + '%';
			track.appendChild(tick);
		});
		var last = el('span', 'tick end', formatDuration(total));
		last.style.left = '100%';
		track.appendChild(last);
		row.appendChild(track);
		return row;
	}

	function barRow(kind, span, offset, duration, total, durationText, onClick) {
		var failed = span.status === 'error';
		var row = el('div', 'row ' + kind + '-row');
		var label = el('div', 'label');
		if (failed) {
			label.appendChild(el('span', 'fail', '✕'));
		}
		label.appendChild(el('span', 'kind', kind === 'other' ? span.kind : kind));
		label.appendChild(el('span', 'name', span.name));
		label.appendChild(el('span', 'dur', durationText));
		label.title = span.name + (failed ? ' — failed' + (span.error_type ? ' (' + span.error_type + ')' : '') : '');
		row.appendChild(label);
		var track = el('div', 'track');
		var bar = el('button', 'bar ' + kind + (failed ? ' failed' : '') + (span.status === 'running' ? ' running' : ''));
		bar.type = 'button';
		bar.setAttribute('data-kind', kind === 'other' ? span.kind : kind);
		bar.setAttribute('data-status', span.status);
		bar.setAttribute('data-span', span.id);
		bar.setAttribute('data-name', span.name);
		bar.setAttribute('aria-label', kind + ' ' + span.name + ', ' + (failed ? 'failed' : span.status) + ', ' + durationText);
		bar.title = span.name + ' · ' + (failed ? 'failed' + (span.error ? ': ' + span.error : '') : durationText);
		var left = Math.max(0, Math.min(100, (offset / total) * 100));
		bar.style.left = left + '%';
		bar.style.width = Math.max(0.3, Math.min(100 - left, (Math.max(duration, 0) / total) * 100)) + '%';
		bar.appendChild(el('span', 'text', failed ? '✕ ' + (span.error_type || 'failed') : ''));
		bar.addEventListener('click', onClick);
		track.appendChild(bar);
		row.appendChild(track);
		return row;
	}

	function markerRow(markers, start, total) {
		var row = el('div', 'row marker-row');
		row.appendChild(el('div', 'label', 'reasoning & content'));
		var track = el('div', 'track');
		markers.forEach(function (marker) {
			var node = el('button', 'marker ' + marker.kind);
			node.type = 'button';
			node.setAttribute('data-kind', marker.kind);
			node.setAttribute('data-line', marker.line);
			node.style.left = Math.max(0, Math.min(100, ((marker.at_ms - start) / total) * 100)) + '%';
			node.title = (marker.kind === 'reasoning' ? 'Reasoning step' : 'Content') + (marker.text ? ': ' + marker.text : '');
			node.setAttribute('aria-label', node.title);
			node.addEventListener('click', function () {
				select({ type: 'marker', id: String(marker.line), status: 'ok' });
				showMarker(marker);
			});
			track.appendChild(node);
		});
		row.appendChild(track);
		return row;
	}

	function legend() {
		var box = el('div', 'legend');
		[['l-run', 'run'], ['l-tool', 'tool call'], ['l-model', 'model call'], ['l-failed', 'failed'], ['l-running', 'running'],
			['l-reasoning', 'reasoning step'], ['l-content', 'content']].forEach(function (entry) {
			var item = el('span');
			item.appendChild(el('i', entry[0]));
			item.appendChild(document.createTextNode(entry[1]));
			box.appendChild(item);
		});
		return box;
	}

	function select(selection) {
		state.selected = selection;
		highlightSelection();
	}

	function highlightSelection() {
		var nodes = document.querySelectorAll('#timeline .selected');
		for (var i = 0; i < nodes.length; i++) {
			nodes[i].classList.remove('selected');
		}
		if (!state.selected) {
			return;
		}
		var selector = state.selected.type === 'marker' ? '.marker[data-line="' + cssEscape(state.selected.id) + '"]'
			: '.bar[data-span="' + cssEscape(state.selected.id) + '"]';
		var node = document.querySelector('#timeline ' + selector);
		if (node) {
			node.classList.add('selected');
		}
	}

	function cssEscape(value) {
		return window.CSS && CSS.escape ? CSS.escape(value) : String(value).replace(/["\\]/g, '\\$&');
	}

	// ---------------------------------------------------------------- details of a bar

	function showDetails(type, item) {
		var details = $('details');
		var spanId = type === 'run' ? (item.span_id || item.run_id) : item.id;
		var path = 'api/sessions/' + enc(state.session) + '/runs/' + enc(state.run) + '/spans/' + enc(spanId);
		details.hidden = false;
		if (!details.firstChild || details.getAttribute('data-span') !== spanId) {
			details.textContent = '';
			details.appendChild(el('p', 'muted', 'Loading…'));
		}
		details.setAttribute('data-span', spanId);
		var request = api(path);
		request.then(function (data) {
			if (details.getAttribute('data-span') !== spanId) {
				return;
			}
			renderDetails(type, item, data);
		}, function (error) {
			details.textContent = '';
			details.appendChild(el('p', 'warning', 'Could not load the details: ' + error.message));
		});
	}

	function renderDetails(type, item, data) {
		var details = $('details');
		details.textContent = '';
		var events = (data.events || []).map(function (line) {
			return line.event || {};
		});
		var title = type === 'run' ? (item.agent_name || 'Run') + ' · run' : item.name + ' · ' + item.kind + ' call';
		var head = el('h3', null, title + ' ');
		head.appendChild(badge(item.status === 'completed' ? 'ok' : item.status, item.error_type));
		details.appendChild(head);
		var facts = el('div', 'facts');
		function fact(name, value) {
			if (value === null || value === undefined || value === '') {
				return;
			}
			var span = el('span');
			span.appendChild(document.createTextNode(name + ' '));
			span.appendChild(el('b', null, value));
			facts.appendChild(span);
		}
		var runStart = state.runData && state.runData.run.started_ms;
		if (type === 'run') {
			fact('started', formatTime(item.started_ms));
			fact('duration', item.status === 'running' ? 'running' : formatDuration(item.duration_ms));
			fact('model', item.model);
			fact('tokens', formatTokens(item.usage));
			fact('run id', item.run_id);
		}
		else {
			fact('starts at', item.start_ms !== null && runStart ? '+' + formatDuration(item.start_ms - runStart) : '');
			fact('duration', item.status === 'running' ? 'running' : formatDuration(item.duration_ms));
			fact('span', item.id);
			fact('lines', [item.start_line, item.end_line].filter(function (n) {
				return n !== null && n !== undefined;
			}).join(', '));
		}
		details.appendChild(facts);

		var sections = [];
		if (type === 'run') {
			var started = findEvent(events, 'RunStarted') || {};
			var finished = findEvent(events, 'RunCompleted') || findEvent(events, 'RunError') || {};
			var runInput = started.run_input || finished.run_input;
			sections.push(['input', 'Input', runInput ? runInput.input_content : undefined]);
			if (finished.event === 'RunCompleted') {
				sections.push(['result', 'Output', finished.content]);
			}
			if (finished.event === 'RunError') {
				sections.push(['error', 'Error', { error_type: finished.error_type, message: finished.content }]);
			}
			sections.push(['metrics', 'Metrics', finished.metrics]);
			sections.push(['metadata', 'Metadata', started.metadata || finished.metadata]);
			sections.push(['parent', 'Called by', started.parent]);
		}
		else {
			var payloadKey = item.kind === 'tool' ? 'tool' : item.kind === 'model' ? 'model_call' : snake(item.kind);
			var payload = {};
			var top = {};
			events.forEach(function (event) {
				var part = event[payloadKey];
				if (part && typeof part === 'object') {
					Object.keys(part).forEach(function (key) {
						payload[key] = part[key];
					});
				}
				['error', 'error_type'].forEach(function (key) {
					if (event[key] !== undefined) {
						top[key] = event[key];
					}
				});
			});
			if (item.kind === 'tool') {
				sections.push(['arguments', 'Arguments', payload.tool_args]);
				sections.push(['result', 'Result', payload.result]);
				sections.push(['attributes', 'Attributes', payload.attributes]);
			}
			else if (item.kind === 'model') {
				sections.push(['arguments', 'Input', payload.input]);
				sections.push(['result', 'Output', payload.output]);
				sections.push(['usage', 'Usage', payload.usage]);
				sections.push(['finish', 'Finish reason', payload.finish_reason]);
			}
			else {
				sections.push(['arguments', 'Data', payload]);
			}
			var message = payload.error !== undefined && payload.error !== true ? payload.error : top.error;
			if (item.status === 'error' || message !== undefined) {
				sections.push(['error', 'Error', { error_type: top.error_type || payload.error_type || item.error_type, message: message }]);
			}
		}
		sections.forEach(function (section) {
			if (section[2] === undefined || section[2] === null) {
				return;
			}
			var box = el('section', 'detail ' + section[0]);
			box.setAttribute('data-section', section[0]);
			box.appendChild(el('h4', null, section[1]));
			box.appendChild(jsonBlock(section[2]));
			details.appendChild(box);
		});
		if (events.length === 0 && item.status === 'running') {
			details.appendChild(el('p', 'muted', 'Still running.'));
		}
		var raw = el('details', 'raw');
		raw.appendChild(el('summary', null, 'Trace lines (' + (data.events || []).length + ')'));
		(data.events || []).forEach(function (line) {
			raw.appendChild(el('div', 'muted small', 'line ' + line.line));
			raw.appendChild(jsonBlock(line.event || line.error));
		});
		details.appendChild(raw);
	}

	function showMarker(marker) {
		var details = $('details');
		details.hidden = false;
		details.setAttribute('data-span', 'line:' + marker.line);
		details.textContent = '';
		details.appendChild(el('h3', null, marker.kind === 'reasoning' ? 'Reasoning step' : 'Content'));
		var facts = el('div', 'facts');
		var runStart = state.runData && state.runData.run.started_ms;
		facts.appendChild(el('span', null, 'at +' + formatDuration(marker.at_ms - runStart) + ' · line ' + marker.line));
		details.appendChild(facts);
		var line = state.runData && state.runData.events.items.filter(function (item) {
			return item.line === marker.line;
		})[0];
		var event = line && line.event;
		var box = el('section', 'detail content');
		box.setAttribute('data-section', 'content');
		box.appendChild(el('h4', null, 'Content'));
		box.appendChild(jsonBlock(event ? event.content : marker.text));
		details.appendChild(box);
		if (event && event.reasoning_content) {
			var reasoning = el('section', 'detail reasoning');
			reasoning.setAttribute('data-section', 'reasoning');
			reasoning.appendChild(el('h4', null, 'Reasoning'));
			reasoning.appendChild(jsonBlock(event.reasoning_content));
			details.appendChild(reasoning);
		}
	}

	function findEvent(events, name) {
		return events.filter(function (event) {
			return event.event === name;
		})[0];
	}

	function snake(name) {
		return String(name).replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
	}

	// ---------------------------------------------------------------- refresh loop

	function refresh() {
		clearTimeout(timer);
		var work = loadSessions();
		if (state.session) {
			work = work.then(loadRuns);
		}
		work = work.then(function () {
			if (state.session && runNeedsRefresh()) {
				return loadRun();
			}
			if (state.runData && state.runData.run.status === 'running') {
				// the bars of a run in progress grow with the clock
				renderRun(state.runData, true);
			}
			return null;
		});
		if (!state.session) {
			$('session-view').hidden = true;
			$('empty').hidden = false;
		}
		if (!state.run) {
			$('run-view').hidden = true;
		}
		return work.then(function () {
			setStatus('Updated ' + new Date().toLocaleTimeString());
		}, function (error) {
			setStatus('Could not refresh: ' + error.message, true);
		}).then(function () {
			timer = setTimeout(refresh, document.hidden ? refreshMs * 5 : refreshMs);
		});
	}

	function start() {
		var filterTimer = null;
		$('filter').addEventListener('input', function (event) {
			clearTimeout(filterTimer);
			filterTimer = setTimeout(function () {
				state.q = event.target.value.trim();
				state.sessionsOffset = 0;
				refresh();
			}, 200);
		});
		$('sessions-newer').addEventListener('click', function () {
			state.sessionsOffset = Math.max(0, state.sessionsOffset - SESSIONS_PAGE);
			refresh();
		});
		$('sessions-older').addEventListener('click', function () {
			state.sessionsOffset += SESSIONS_PAGE;
			refresh();
		});
		$('runs-newer').addEventListener('click', function () {
			state.runsOffset = Math.max(0, state.runsOffset - RUNS_PAGE);
			refresh();
		});
		$('runs-older').addEventListener('click', function () {
			state.runsOffset += RUNS_PAGE;
			refresh();
		});
		window.addEventListener('hashchange', function () {
			readHash();
			refresh();
		});
		document.addEventListener('visibilitychange', function () {
			if (!document.hidden) {
				refresh();
			}
		});
		readHash();
		refresh();
	}

	start();
})();
