namespace ActorNet.Actors.Sharding;

/// <summary>Asking slices, again when an ask goes unanswered (see <see cref="AttemptTimeout"/>).</summary>
public sealed partial class ShardedVectorStore
{
    /// <summary>
    /// How long one ask to a slice waits before it is sent again (idempotent operations: pulls, initializations,
    /// removals and steps pushed with a contributor id) or fails (plain pushes), at most <see cref="Timeout"/>. A
    /// message sent to a node that died is never answered; asked again, it reaches the slice's new home once the shard
    /// has moved (and fails there fast if the value was lost with the node), so a client never waits the whole
    /// <see cref="Timeout"/> on a dead node. Default 30 seconds: long enough that the slices of a large vector, all requested
    /// at once and answered one after another over one connection, are not asked again while they are still on their way.
    /// </summary>
    public TimeSpan AttemptTimeout
    {
        get => _attemptTimeout < Timeout ? _attemptTimeout : Timeout;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _attemptTimeout = value;
        }
    }

    private readonly TimeSpan _attemptTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Asks with <see cref="AttemptTimeout"/>, again while <paramref name="idempotent"/> and <see cref="Timeout"/> has not passed.</summary>
    private async Task<T> AskSlice<T>(object message, bool idempotent, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var attempt = left < AttemptTimeout ? left : AttemptTimeout;
            try
            {
                return await Region.Ask<T>(message, attempt > TimeSpan.Zero ? attempt : TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
            }
            catch (AskTimeoutException) when (idempotent && DateTime.UtcNow < deadline)
            {
                // Unanswered: the slice's node may have died with the message; its shard gets a new home.
            }
        }
    }
}
