namespace ActorNet.Actors.Dispatch;

/// <summary>Lifecycle and supervision messages; processed before user messages and even while suspended.</summary>
internal abstract record SystemMessage;

internal sealed record Create : SystemMessage;
internal sealed record Terminate : SystemMessage;
internal sealed record Suspend : SystemMessage;
internal sealed record Resume(Exception? CausedByFailure) : SystemMessage;
internal sealed record Recreate(Exception Cause) : SystemMessage;
internal sealed record Failed(IActorRef Child, Exception Cause) : SystemMessage;
internal sealed record ChildTerminated(IActorRef Child) : SystemMessage;
internal sealed record Watch(IActorRef Watchee, IActorRef Watcher) : SystemMessage;
internal sealed record Unwatch(IActorRef Watchee, IActorRef Watcher) : SystemMessage;
internal sealed record DeathWatchNotification(IActorRef Actor, bool ExistenceConfirmed, bool AddressTerminated) : SystemMessage;
internal sealed record AsyncHandlerCompleted(Exception? Error) : SystemMessage;
