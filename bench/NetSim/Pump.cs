using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ActorNet.Bench.NetSim;

/// <summary>
/// Moves one direction of one proxied connection through a <see cref="Link"/>: a reader stamps each chunk with its
/// arrival time and queues it; a writer sends it no earlier than that. The queue is bounded (16 chunks of 64 KiB), so
/// a sender faster than the link fills it and then its own socket: TCP's back-pressure, as on a real bottleneck.
/// </summary>
internal static class Pump
{
    private const int ChunkBytes = 64 * 1024;

    private readonly record struct Chunk(byte[] Buffer, int Length, long Due);

    public static async Task RunAsync(Socket from, Socket to, Link link, CancellationToken stop)
    {
        var queue = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });
        var writer = WriteAsync(queue.Reader, to, stop);
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
                int n = await from.ReceiveAsync(buffer.AsMemory(0, ChunkBytes), SocketFlags.None, stop);
                if (n == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }
                await queue.Writer.WriteAsync(new Chunk(buffer, n, link.Arrival(n)), stop);
            }
        }
        catch (Exception error) when (error is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The sender went away: end the other side too (below).
        }
        finally
        {
            queue.Writer.TryComplete();
        }
        await writer;
    }

    private static async Task WriteAsync(ChannelReader<Chunk> queue, Socket to, CancellationToken stop)
    {
        try
        {
            await foreach (var chunk in queue.ReadAllAsync(stop))
            {
                await WaitUntil(chunk.Due, stop);
                await to.SendAsync(chunk.Buffer.AsMemory(0, chunk.Length), SocketFlags.None, stop);
                ArrayPool<byte>.Shared.Return(chunk.Buffer);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception error) when (error is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            to.Dispose(); // the receiver went away: the connection is over
        }
    }

    // Timers fire at about millisecond granularity, so the last millisecond is spent yielding the thread (a link's
    // 0.2 ms latency would otherwise round up to a timer tick).
    private static async Task WaitUntil(long due, CancellationToken stop)
    {
        long left;
        while ((left = due - Stopwatch.GetTimestamp()) > 0)
        {
            double ms = left * 1000.0 / Stopwatch.Frequency;
            if (ms > 1.5) await Task.Delay(TimeSpan.FromMilliseconds(ms - 1), stop);
            else Thread.Yield();
        }
    }
}
