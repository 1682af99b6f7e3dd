using Microsoft.Extensions.Logging;

namespace ActorNet.Actors;

/// <summary>The actor runtime's log messages (event ids 1000–1099).</summary>
internal static partial class ActorLog
{
    [LoggerMessage(1000, LogLevel.Information, "Dead letter {Count}: {MessageType} from {Sender} to {Recipient} was not delivered{Quiet}")]
    public static partial void DeadLetter(this ILogger logger, long count, string messageType, ActorPath sender, ActorPath recipient, string quiet);

    [LoggerMessage(1001, LogLevel.Warning, "{Child} failed ({Directive}): {Reason}")]
    public static partial void ChildFailed(this ILogger logger, Exception error, ActorPath child, Directive directive, string reason);

    [LoggerMessage(1002, LogLevel.Error, "{Actor} threw in {Hook}")]
    public static partial void HookFailed(this ILogger logger, Exception error, ActorPath actor, string hook);

    [LoggerMessage(1003, LogLevel.Error, "the root guardian failed; stopping the actor system")]
    public static partial void RootFailed(this ILogger logger, Exception error);

    [LoggerMessage(1010, LogLevel.Information, "coordinated shutdown of {System} ({Reason})")]
    public static partial void ShutdownStarted(this ILogger logger, Address system, string reason);

    [LoggerMessage(1011, LogLevel.Warning, "shutdown phase {Phase} timed out after {Timeout}; continuing")]
    public static partial void ShutdownPhaseTimedOut(this ILogger logger, string phase, TimeSpan timeout);

    [LoggerMessage(1012, LogLevel.Warning, "shutdown task {Task} in phase {Phase} failed")]
    public static partial void ShutdownTaskFailed(this ILogger logger, Exception error, string task, string phase);

    [LoggerMessage(1013, LogLevel.Warning, "remoting did not shut down cleanly")]
    public static partial void RemotingStopFailed(this ILogger logger, Exception error);
}
