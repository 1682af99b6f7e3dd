using ActorNet.Actors;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Bench.Actors;

/// <summary>The remoting-enabled systems of the benchmarks (127.0.0.1, port 0, a shared secret).</summary>
internal static class BenchSystems
{
    public static ActorSystem Create(string name) => ActorSystem.Create(name, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["actornet:remote:port"] = "0",
        ["actornet:remote:hostname"] = "127.0.0.1",
        ["actornet:remote:secret"] = "bench-secret",
    }).Build());

    /// <summary>Replies to every int with the same int; counts and acknowledges float arrays.</summary>
    public sealed class Echo : ReceiveActor
    {
        public Echo()
        {
            Receive<int>(i => Sender.Tell(i));
            Receive<float[]>(f => Sender.Tell(f.Length));
        }
    }
}
