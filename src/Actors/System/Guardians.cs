namespace ActorNet.Actors;

/// <summary>The <c>/user</c> and <c>/system</c> guardians: parents of top-level actors, with the default strategy.</summary>
internal sealed class GuardianActor : ActorBase
{
    protected internal override bool Receive(object message) => false;

    protected override void Unhandled(object message)
    {
        // Terminated of children and stray messages are expected here and not worth an UnhandledMessage event.
    }
}

/// <summary>The root guardian: stops /user first, then /system, then itself, so user actors stop before system services.</summary>
internal sealed class RootGuardian : ActorBase
{
    /// <summary>Sent once by the system: the guardians to watch and stop in order.</summary>
    internal sealed record Guardians(IActorRef User, IActorRef System);

    /// <summary>Sent by the system's final shutdown phase.</summary>
    internal sealed record StopAll;

    // The guardians, known once the system told us.
    private Guardians? _guardians;

    protected internal override bool Receive(object message)
    {
        switch (message)
        {
            case Guardians guardians:
                _guardians = guardians;
                Context.Watch(guardians.User);
                Context.Watch(guardians.System);
                return true;
            case StopAll when _guardians is not null:
                Context.Stop(_guardians.User);
                return true;
            case Terminated terminated when _guardians is not null && terminated.ActorRef.Equals(_guardians.User):
                Context.Stop(_guardians.System);
                return true;
            case Terminated terminated when _guardians is not null && terminated.ActorRef.Equals(_guardians.System):
                Context.Stop(Self);
                return true;
            default:
                return false;
        }
    }

    protected override void Unhandled(object message) { }

    protected override SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.StoppingStrategy;
}
