using System.Diagnostics;

namespace ActorNet.Bench.NetSim;

/// <summary>
/// One direction of one simulated link: a serialization queue at <c>bytesPerSecond</c> (a virtual clock: each chunk
/// finishes leaving when the chunks before it have, plus its own size over the rate) followed by a fixed propagation
/// delay. Every connection through the same link shares it, as the connections of one node share its network card.
/// </summary>
internal sealed class Link(string name, double bytesPerSecond, double latencySeconds)
{
    // An idle link may send this much at once (about a millisecond's worth, at least 64 KiB), as a NIC's queue would.
    private readonly long _burstTicks = (long)(Math.Max(64 * 1024, bytesPerSecond * 1e-3) / bytesPerSecond * Stopwatch.Frequency);
    private readonly long _latencyTicks = (long)(latencySeconds * Stopwatch.Frequency);
    private readonly Lock _gate = new();
    private long _nextFree;
    private long _bytes;

    public string Name { get; } = name;

    /// <summary>Bytes that went through this direction so far.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Reserves the link for <paramref name="bytes"/> now and returns the Stopwatch timestamp at which they arrive.</summary>
    public long Arrival(int bytes)
    {
        Interlocked.Add(ref _bytes, bytes);
        long now = Stopwatch.GetTimestamp();
        long duration = (long)(bytes / bytesPerSecond * Stopwatch.Frequency);
        lock (_gate)
        {
            // An idle link does not bank more than the burst.
            _nextFree = Math.Max(_nextFree, now - _burstTicks) + duration;
            return Math.Max(_nextFree, now) + _latencyTicks;
        }
    }
}
