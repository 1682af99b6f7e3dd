using ActorNet.Actors;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Actors.Tests.Remote;

/// <summary>Creates remoting-enabled systems on 127.0.0.1 with port 0 and terminates them afterwards.</summary>
public abstract class RemoteTestBase : IAsyncLifetime
{
    private readonly List<ActorSystem> _systems = [];

    protected ActorSystem NewSystem(string name, string? secret = "s3cret", params (string Key, string Value)[] extra)
    {
        var values = new Dictionary<string, string?>
        {
            ["actornet:remote:port"] = "0",
            ["actornet:remote:hostname"] = "127.0.0.1",
            ["actornet:remote:reconnect-backoff-min"] = "20ms",
            ["actornet:remote:reconnect-backoff-max"] = "160ms",
            ["actornet:remote:handshake-timeout"] = "3s",
        };
        if (secret is not null) values["actornet:remote:secret"] = secret;
        foreach (var (key, value) in extra) values[key] = value;
        var system = ActorSystem.Create(name, new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        _systems.Add(system);
        return system;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var system in _systems) await system.Terminate().WaitAsync(TimeSpan.FromSeconds(15));
    }

    /// <summary>A record carrying a large array (it travels with the array as a raw tail); <see cref="Echo"/> sends <see cref="ReplyTo"/> a summary.</summary>
    public sealed record Tailed(string Name, float[] Values, double[] Extra, IActorRef ReplyTo);

    /// <summary>
    /// Replies to strings with "echo:" + text, to ints with int + 1, to float arrays with their length and sum, and to
    /// <see cref="Tailed"/> with a <see cref="Tailed"/> of the values doubled (to its ReplyTo).
    /// </summary>
    protected sealed class Echo : ReceiveActor
    {
        public Echo()
        {
            Receive<string>(s => Sender.Tell("echo:" + s));
            Receive<int>(i => Sender.Tell(i + 1));
            Receive<float[]>(f => Sender.Tell((f.Length, f.Sum())));
            Receive<(string Tag, IActorRef Target)>(m => m.Target.Tell(m.Tag));
            Receive<Tailed>(m => m.ReplyTo.Tell(new Tailed("echo:" + m.Name, m.Values.Select(v => v * 2).ToArray(), m.Extra, Self)));
        }
    }
}
