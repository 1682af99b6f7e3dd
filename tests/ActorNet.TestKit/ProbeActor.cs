using System.Threading.Channels;
using ActorNet.Actors;

namespace ActorNet.TestKit;

/// <summary>The actor behind a <see cref="TestProbe"/>: queues every message with its sender for the test to inspect.</summary>
internal sealed class ProbeActor : ReceiveActor
{
    /// <summary>Asks the probe actor to watch an actor (watching needs the actor's own context).</summary>
    internal sealed record WatchRequest(IActorRef Subject, bool Watch);

    public ProbeActor(ChannelWriter<(object Message, IActorRef Sender)> queue)
    {
        Receive<WatchRequest>(request =>
        {
            if (request.Watch) Context.Watch(request.Subject);
            else Context.Unwatch(request.Subject);
            Sender.Tell(request);
        });
        ReceiveAny(message => queue.TryWrite((message, Sender)));
    }
}
