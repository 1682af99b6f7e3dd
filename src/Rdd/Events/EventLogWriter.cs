using System.Text.Json;

namespace ActorNet.Rdd.Events;

/// <summary>
/// Writes a driver's events to one JSON-lines file per application (Spark's event log), for <c>actornet history</c>:
/// <c>DIR/APPID.jsonl.inprogress</c> while the application runs, renamed to <c>DIR/APPID.jsonl</c> when it ends. Each
/// line is one event with its type in <c>Event</c>. Lines are flushed at every event but task and block ones, and every
/// <see cref="TaskFlushInterval"/> of those, so a killed driver leaves at most a truncated last line (which the history
/// server skips) and a few task events unwritten.
/// </summary>
internal sealed class EventLogWriter : IClusterListener, IDisposable
{
    public const string EnabledKey = "actornet:event-log:enabled";
    public const string DirKey = "actornet:event-log:dir";
    public const string Extension = ".jsonl";
    public const string InProgress = ".inprogress";
    private const int TaskFlushInterval = 1000;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly StreamWriter _writer;
    private readonly string _path, _finalPath;
    private int _unflushedTasks;
    private bool _closed;

    public EventLogWriter(string directory, string appId)
    {
        Directory.CreateDirectory(directory);
        _finalPath = System.IO.Path.Combine(directory, appId + Extension);
        _path = _finalPath + InProgress;
        _writer = new StreamWriter(new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.Read)) { NewLine = "\n" };
    }

    /// <summary>The file written now (renamed when the application ends).</summary>
    public string Path => _closed ? _finalPath : _path;

    public void OnEvent(ListenerEvent e)
    {
        if (_closed) return;
        _writer.WriteLine(JsonSerializer.Serialize(e, Json));
        if (e is TaskStarted or TaskEnded or BlockUpdated && ++_unflushedTasks < TaskFlushInterval) return;
        _unflushedTasks = 0;
        _writer.Flush();
        if (e is ApplicationEnded) Close();
    }

    private void Close()
    {
        _closed = true;
        _writer.Dispose();
        File.Move(_path, _finalPath, overwrite: true);
    }

    /// <summary>Closes the file; an application that did not end (no ApplicationEnded) keeps its .inprogress name.</summary>
    public void Dispose()
    {
        if (!_closed) _writer.Dispose();
    }
}
