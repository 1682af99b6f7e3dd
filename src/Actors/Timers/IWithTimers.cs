namespace ActorNet.Actors;

/// <summary>
/// Implemented by actors that use timers. The runtime assigns <see cref="Timers"/> when the actor is
/// created: declare it as <c>public ITimerScheduler Timers { get; set; } = null!;</c>.
/// </summary>
public interface IWithTimers
{
    /// <summary>The actor's timers, assigned by the runtime.</summary>
    ITimerScheduler Timers { get; set; }
}
