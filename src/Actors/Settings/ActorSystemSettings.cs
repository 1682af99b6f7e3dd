using Microsoft.Extensions.Configuration;

namespace ActorNet.Actors;

/// <summary>
/// The actor runtime's settings, read once from configuration (keys under <c>actornet:actor</c> and
/// <c>actornet:remote</c>); missing keys take the defaults of hocon/reference.conf.
/// </summary>
public sealed record ActorSystemSettings
{
    /// <summary>Messages an actor processes before yielding its thread (<c>actornet:actor:throughput</c>, default 30).</summary>
    public int Throughput { get; init; } = 30;

    /// <summary>Default ask timeout (<c>actornet:actor:ask-timeout</c>, default 10 s).</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bounded mailbox capacity; 0 is unbounded (<c>actornet:actor:mailbox-capacity</c>).</summary>
    public int MailboxCapacity { get; init; }

    /// <summary>Log dead letters (<c>actornet:actor:log-dead-letters</c>, default on).</summary>
    public bool LogDeadLetters { get; init; } = true;

    /// <summary>Dead letters logged before going quiet (<c>actornet:actor:log-dead-letters-limit</c>, default 10).</summary>
    public int LogDeadLettersLimit { get; init; } = 10;

    /// <summary>Time each coordinated-shutdown phase may take (<c>actornet:actor:shutdown-phase-timeout</c>, default 10 s).</summary>
    public TimeSpan ShutdownPhaseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Remoting settings; null when <c>actornet:remote:port</c> is not set (remoting off).</summary>
    public RemoteSettings? Remote { get; init; }

    /// <summary>Reads the settings from <paramref name="config"/>.</summary>
    /// <exception cref="FormatException">A value is malformed; the message names the key.</exception>
    public static ActorSystemSettings FromConfiguration(IConfiguration config)
    {
        var defaults = new ActorSystemSettings();
        const string actor = "actornet:actor:";
        var settings = new ActorSystemSettings
        {
            Throughput = ConfigValues.GetInt(config, actor + "throughput", defaults.Throughput),
            AskTimeout = ConfigValues.GetDuration(config, actor + "ask-timeout", defaults.AskTimeout),
            MailboxCapacity = ConfigValues.GetInt(config, actor + "mailbox-capacity", defaults.MailboxCapacity),
            LogDeadLetters = ConfigValues.GetBool(config, actor + "log-dead-letters", defaults.LogDeadLetters),
            LogDeadLettersLimit = ConfigValues.GetInt(config, actor + "log-dead-letters-limit", defaults.LogDeadLettersLimit),
            ShutdownPhaseTimeout = ConfigValues.GetDuration(config, actor + "shutdown-phase-timeout", defaults.ShutdownPhaseTimeout),
            Remote = RemoteSettings.FromConfiguration(config),
        };
        if (settings.Throughput < 1) throw new FormatException($"configuration '{actor}throughput' = {settings.Throughput} must be at least 1");
        if (settings.MailboxCapacity < 0) throw new FormatException($"configuration '{actor}mailbox-capacity' = {settings.MailboxCapacity} must be 0 (unbounded) or positive");
        return settings;
    }
}
