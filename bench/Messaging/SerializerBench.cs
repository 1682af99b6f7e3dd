using ActorNet.Messaging;
using Akka.Actor;
using Akka.Serialization;
using BenchmarkDotNet.Attributes;

namespace ActorNet.Bench.Messaging;

/// <summary>Writes and reads one <see cref="LaunchTaskLike"/> with ours and with Akka's default JSON serializer.</summary>
[MemoryDiagnoser]
public class SerializerBench
{
    private ActorSystem _system = null!;
    private SerializerWithStringManifest _ours = null!;
    private NewtonSoftJsonSerializer _json = null!;
    private LaunchTaskLike _message = null!;
    private byte[] _oursBytes = null!;
    private string _manifest = null!;
    private byte[] _jsonBytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_system, _ours, _json, _message) = Fixture.Create();
        _oursBytes = _ours.ToBinary(_message);
        _manifest = _ours.Manifest(_message);
        _jsonBytes = _json.ToBinary(_message);
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public byte[] JsonWrite() => _json.ToBinary(_message);

    [Benchmark]
    public byte[] MessagePackWrite() => _ours.ToBinary(_message);

    [Benchmark]
    public object JsonRead() => _json.FromBinary(_jsonBytes, typeof(LaunchTaskLike));

    [Benchmark]
    public object MessagePackRead() => _ours.FromBinary(_oursBytes, _manifest);
}

/// <summary>One actor system with ActorNet's serializer config, both serializers, and the message.</summary>
public static class Fixture
{
    public static (ActorSystem, SerializerWithStringManifest, NewtonSoftJsonSerializer, LaunchTaskLike) Create()
    {
        var system = ActorSystem.Create("actornet", MessagingConfig.Config);
        var replyTo = system.ActorOf(Props.Empty, "scheduler");
        var message = new LaunchTaskLike(1_234_567, 42, 0, 317, "executor-7", "worker-03.cluster.local", 1,
            638_700_000_000_000_000, ["worker-03.cluster.local", "worker-11.cluster.local"], replyTo);
        var ours = (SerializerWithStringManifest)system.Serialization.FindSerializerFor(message);
        return (system, ours, new NewtonSoftJsonSerializer((ExtendedActorSystem)system), message);
    }
}
