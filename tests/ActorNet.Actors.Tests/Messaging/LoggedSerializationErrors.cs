namespace ActorNet.Actors.Tests.Messaging;

using System.Collections.Concurrent;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Event;

/// <summary>
/// Collects the warnings and errors a node logs about serialization: Akka's remoting logs a message it cannot
/// serialize (and drops it) rather than failing the sender, so this is where a wrong binding shows.
/// </summary>
internal sealed class LoggedSerializationErrors
{
    // The log lines seen so far, from any thread.
    private readonly ConcurrentQueue<string> _lines = new();

    public static LoggedSerializationErrors Watch(ActorSystem system)
    {
        var errors = new LoggedSerializationErrors();
        var listener = system.ActorOf(Props.Create(() => new Listener(errors._lines)));
        system.EventStream.Subscribe(listener, typeof(Warning));
        system.EventStream.Subscribe(listener, typeof(Error));
        return errors;
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    private sealed class Listener : ReceiveActor
    {
        public Listener(ConcurrentQueue<string> lines) => Receive<LogEvent>(e =>
        {
            var text = e.ToString();
            if (e is Error { Cause: SerializationException } || text.Contains("serializ", StringComparison.OrdinalIgnoreCase))
                lines.Enqueue(text + (e is Error { Cause: { } cause } ? " / " + cause : ""));
        });
    }
}
