using ActorNet.Actors;
using Microsoft.Extensions.Configuration;

namespace ActorNet.TestKit;

/// <summary>
/// A base for actor tests: an <see cref="ActorSystem"/> (<see cref="Sys"/>) on a <see cref="FakeTimeProvider"/>
/// when asked for, a default probe (<see cref="TestActor"/>) and its expectations, and termination on dispose.
/// </summary>
public class TestKit : IDisposable
{
    /// <summary>Creates the system.</summary>
    /// <param name="settings">Configuration keys and values (e.g. <c>actornet:actor:throughput</c>), or null.</param>
    /// <param name="time">A fake clock for timers and the scheduler; null uses the real clock.</param>
    /// <param name="systemName">The system's name.</param>
    public TestKit(IDictionary<string, string?>? settings = null, FakeTimeProvider? time = null, string systemName = "test")
    {
        Time = time;
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        Sys = ActorSystem.Create(systemName, config, new ActorSystemOptions { TimeProvider = (TimeProvider?)time ?? TimeProvider.System });
        TestActor = new TestProbe(Sys, "testActor");
    }

    /// <summary>The actor system under test.</summary>
    public ActorSystem Sys { get; }

    /// <summary>The fake clock, when the test asked for one.</summary>
    public FakeTimeProvider? Time { get; }

    /// <summary>The default probe; its <see cref="TestProbe.Ref"/> is the usual sender of test messages.</summary>
    public TestProbe TestActor { get; }

    /// <summary>Creates another probe.</summary>
    public TestProbe CreateTestProbe(string? name = null) => new(Sys, name);

    /// <summary><see cref="TestProbe.ExpectMsg{T}(TimeSpan?)"/> on <see cref="TestActor"/>.</summary>
    public T ExpectMsg<T>(TimeSpan? timeout = null) => TestActor.ExpectMsg<T>(timeout);

    /// <summary><see cref="TestProbe.ExpectMsg{T}(T, TimeSpan?)"/> on <see cref="TestActor"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) => TestActor.ExpectMsg(expected, timeout);

    /// <summary><see cref="TestProbe.ExpectNoMsg"/> on <see cref="TestActor"/>.</summary>
    public void ExpectNoMsg(TimeSpan duration) => TestActor.ExpectNoMsg(duration);

    /// <summary>Terminates the system, waiting up to 10 s.</summary>
    public void Dispose()
    {
        Sys.Terminate().Wait(TimeSpan.FromSeconds(10));
        GC.SuppressFinalize(this);
    }
}
