using System.Runtime.InteropServices;
using ActorNet.Actors.Serialization;

namespace ActorNet.Actors.Sharding;

/// <summary>Asking slices, again when an ask goes unanswered (see <see cref="AttemptTimeout"/>).</summary>
public sealed partial class ShardedVectorStore
{
    /// <summary>
    /// How long one ask to a slice waits before it is sent again (idempotent operations: pulls, initializations,
    /// removals and steps pushed with a contributor id) or fails (plain pushes), at most <see cref="Timeout"/>. A
    /// message sent to a node that died is never answered; asked again, it reaches the slice's new home once the shard
    /// has moved (and fails there fast if the value was lost with the node), so a client never waits the whole
    /// <see cref="Timeout"/> on a dead node. Default 30 seconds: long enough that a slice waiting behind the others of its
    /// operation (up to 32 in flight, answered one after another over one connection) is not asked again while it is on its way.
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
    private async Task<T> AskSlice<T>(object message, bool idempotent, CancellationToken cancellationToken) =>
        (await AskSliceCounted<T>(message, idempotent, cancellationToken).ConfigureAwait(false)).Reply;

    /// <summary>
    /// Pushes one slice of <paramref name="delta"/>. When the delta lies in an array (as it always does but for native
    /// memory), the message carries a segment of it: sent from it without a copy, or read in place by a slice on this node;
    /// the slice keeps no delta, so the caller's array is read only until the slice answers (see the push methods' remarks
    /// for a push that fails). Other memory goes in a pooled copy, given back once the first ask is answered (after a second
    /// ask the first may still be on its way, so that copy is left to the collector).
    /// </summary>
    private async Task PushSlice(ReadOnlyMemory<float> delta, (int Index, int Start, int Length) slice, Func<ArraySegment<float>, object> message,
        bool idempotent, CancellationToken cancellationToken)
    {
        if (MemoryMarshal.TryGetArray(delta, out var whole))
        {
            await AskSlice<SliceAck>(message(new ArraySegment<float>(whole.Array!, whole.Offset + slice.Start, slice.Length)), idempotent, cancellationToken)
                .ConfigureAwait(false);
            return;
        }
        var copy = FloatArrays.CopyOf(delta.Span.Slice(slice.Start, slice.Length));
        var (_, attempts, _) = await AskSliceCounted<SliceAck>(message(new ArraySegment<float>(copy)), idempotent, cancellationToken).ConfigureAwait(false);
        if (attempts == 1) FloatArrayPool.Return(copy);
    }

    /// <summary>
    /// As <see cref="AskSlice"/>, with how many asks it took. <paramref name="newLanding"/>, when given, makes the landing
    /// each ask offers its reply (<see cref="ReplyLanding"/>), returned with the reply; an ask whose landing a reply had begun
    /// to fill is not repeated (that reply may still write into it), so its timeout is thrown.
    /// </summary>
    private async Task<(T Reply, int Attempts, ReplyLanding? Landing)> AskSliceCounted<T>(object message, bool idempotent, CancellationToken cancellationToken,
        Func<ReplyLanding>? newLanding = null)
    {
        var deadline = DateTime.UtcNow + Timeout;
        for (int attempts = 1; ; attempts++)
        {
            var left = deadline - DateTime.UtcNow;
            var attempt = left < AttemptTimeout ? left : AttemptTimeout;
            var landing = newLanding?.Invoke();
            try
            {
                var reply = await Region.Ask<T>(message, attempt > TimeSpan.Zero ? attempt : TimeSpan.FromMilliseconds(1), landing, cancellationToken).ConfigureAwait(false);
                return (reply, attempts, landing);
            }
            catch (AskTimeoutException) when (idempotent && DateTime.UtcNow < deadline && (landing?.TryClose() ?? true))
            {
                // Unanswered: the slice's node may have died with the message; its shard gets a new home.
            }
        }
    }
}
