using System.Collections.Concurrent;
using ActorNet.Actors.Serialization;
using ActorNet.TestKit;

namespace ActorNet.Actors.Tests.Remote;

/// <summary>A message lending its arrays (<see cref="ILentArrays"/>) is released by the transport once its bytes are written.</summary>
public sealed class LentArraysTests : RemoteTestBase
{
    /// <summary>A record whose float array is lent; releases are counted by <see cref="Id"/> (not sent: internal).</summary>
    public sealed record LentFloats(int Id, float[] Values) : ILentArrays
    {
        internal static readonly ConcurrentDictionary<int, int> Releases = new();
        void ILentArrays.Release() => Releases.AddOrUpdate(Id, 1, (_, n) => n + 1);
    }

    [Fact]
    public async Task A_remote_send_releases_its_message_once_whether_sent_from_its_arrays_or_copied()
    {
        var a = NewSystem("a");
        var b = NewSystem("b");
        var probe = new TestProbe(b);
        b.ActorOf(Props.Create(() => new Forwarder(probe.Ref)), "sink");
        var sink = await a.ActorSelection($"{b.Address}/user/sink").ResolveOne(TimeSpan.FromSeconds(10));
        int large = Random.Shared.Next(1_000_000, int.MaxValue), small = large - 1, local = large - 2;

        var values = Enumerable.Range(0, 2_000_000).Select(i => (float)i).ToArray(); // 8 MB: sent as a raw tail, in chunks
        sink.Tell(new LentFloats(large, values));
        sink.Tell(new LentFloats(small, [1f, 2f]));                                // serialized inline: a copy
        var received = new[] { probe.ExpectMsg<LentFloats>(TimeSpan.FromSeconds(20)), probe.ExpectMsg<LentFloats>(TimeSpan.FromSeconds(20)) }
            .ToDictionary(m => m.Id);                                              // the small one may overtake the bulk lane
        Assert.Equal(values, received[large].Values);
        Assert.Equal([1f, 2f], received[small].Values);
        TestProbe.AwaitCondition(() => LentFloats.Releases.TryGetValue(large, out int n) && n == 1, TimeSpan.FromSeconds(10));
        TestProbe.AwaitCondition(() => LentFloats.Releases.TryGetValue(small, out int n) && n == 1, TimeSpan.FromSeconds(10));

        // A local delivery hands over the message itself: its receiver releases it, not the transport.
        probe.Ref.Tell(new LentFloats(local, [3f]));
        probe.ExpectMsg<LentFloats>();
        await Task.Delay(200);
        Assert.False(LentFloats.Releases.ContainsKey(local));
        Assert.Equal(1, LentFloats.Releases[large]);
        Assert.Equal(1, LentFloats.Releases[small]);
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef target) => ReceiveAny(message => target.Tell(message));
    }
}
