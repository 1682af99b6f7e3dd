using Microsoft.Extensions.Logging;

namespace ActorNet.Actors.Tests.ClusterRuntime;

/// <summary>
/// Diagnostics for flaky cluster tests: when ACTORNET_TEST_LOG names a file, every node's runtime log is
/// appended there (timestamped, with the node's address); otherwise the nodes log nowhere.
/// </summary>
internal sealed class TestFileLogger(Func<string> node) : ILoggerProvider, ILogger
{
    // The log file, or null when test logging is off.
    private static readonly string? Path = Environment.GetEnvironmentVariable("ACTORNET_TEST_LOG");
    // Serializes appends from every node and thread, so lines stay whole.
    private static readonly Lock Gate = new();

    /// <summary>A logger factory for one node, or null when test logging is off.</summary>
    public static ILoggerFactory? FactoryFor(Func<string> node) =>
        Path is null ? null : LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new TestFileLogger(node)));

    // The node's address once bound (the system is created after its logger factory).
    private readonly Func<string> _node = node;

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var line = $"{DateTime.UtcNow:HH:mm:ss.ffffff} [{Environment.CurrentManagedThreadId,3}] {_node()} {logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}";
        lock (Gate) File.AppendAllText(Path!, line + Environment.NewLine);
    }

    public void Dispose() { }
}
