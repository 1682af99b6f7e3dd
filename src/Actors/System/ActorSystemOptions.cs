using Microsoft.Extensions.Logging;

namespace ActorNet.Actors;

/// <summary>Services an actor system uses that do not come from configuration.</summary>
public sealed class ActorSystemOptions
{
    /// <summary>The clock for timers, the scheduler, ask timeouts and supervision windows (default: the system clock). Tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the runtime logs (dead letters, failures, remoting); default: nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
