namespace ActorNet.Actors;

internal sealed partial class ActorCell
{
    // The stash, created when an IWithStash actor is first created; kept across restarts.
    private ActorStash? _stash;
    // The timers of an IWithTimers actor; canceled on restart and stop.
    private TimerScheduler? _timers;

    internal void AttachStash(ActorStash stash)
    {
        // A restarted actor gets a new IStash object; messages stashed by the failed instance come back first.
        _stash?.UnstashAll();
        _stash = stash;
    }
}
