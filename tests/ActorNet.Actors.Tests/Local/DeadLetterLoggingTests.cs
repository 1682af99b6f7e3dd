using System.Collections.Concurrent;
using ActorNet.Actors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ActorNet.Actors.Tests.Local;

public sealed class DeadLetterLoggingTests
{
    /// <summary>Keeps every formatted log line with its event id.</summary>
    private sealed class CapturingProvider : ILoggerProvider
    {
        public ConcurrentQueue<(int EventId, string Message)> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Capturing(Lines);

        public void Dispose() { }

        private sealed class Capturing(ConcurrentQueue<(int, string)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue((eventId.Id, formatter(state, exception)));
        }
    }

    [Fact]
    public async Task Dead_letters_are_counted_and_the_first_ones_logged()
    {
        var provider = new CapturingProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["actornet:actor:log-dead-letters-limit"] = "2" }).Build();
        await using var system = ActorSystem.Create("dl", config, new ActorSystemOptions { LoggerFactory = loggers });
        var nowhere = system.ActorSelection("/user/nowhere");
        for (int i = 0; i < 3; i++) nowhere.Tell($"lost {i}");
        Assert.Equal(3, system.DeadLetterCount);
        var logged = provider.Lines.Where(l => l.EventId == 1000).Select(l => l.Message).ToArray();
        Assert.Equal(2, logged.Length);
        Assert.Contains("String", logged[0]);
        Assert.Contains("/user/nowhere", logged[0]);
        Assert.Contains("limit reached", logged[1]);
    }

    [Fact]
    public async Task A_dead_letter_subscriber_that_stopped_without_unsubscribing_does_not_loop()
    {
        await using var system = ActorSystem.Create("dl");
        var subscriber = new TestKit.TestProbe(system);
        system.EventStream.Subscribe(subscriber.Ref, typeof(DeadLetter));
        system.Stop(subscriber.Ref);
        var watcher = new TestKit.TestProbe(system);
        watcher.Watch(subscriber.Ref);
        watcher.ExpectTerminated(subscriber.Ref);

        long before = system.DeadLetterCount;
        system.ActorSelection("/user/nowhere").Tell("lost"); // its DeadLetter notice goes to the stopped subscriber
        Assert.Equal(before + 1, system.DeadLetterCount);
    }
}
