using System.Buffers.Binary;
using System.Diagnostics;
using ActorNet.DataPlane;

namespace ActorNet.Bench.Actors;

/// <summary>
/// The data plane's side of the bulk benchmark: the same float array as a request body between two
/// <see cref="DataPlaneNode"/>s in two processes over loopback, answered with its length (a 4-byte header), as the
/// actor bulk case answers an int and the raw socket a byte. The receiver's array comes from the float pool; it goes
/// back after the reply, as a store slice's would, unless <c>fresh</c> is asked for: then every body lands in newly
/// mapped memory, as the raw socket's receiver allocates a new array for every transfer (the like-for-like comparison).
/// </summary>
internal static class DataPlaneBench
{
    private const string Service = "sink";

    /// <summary>Serves the sink until the process is stopped.</summary>
    public static async Task Serve(bool fresh)
    {
        await using var node = DataPlaneNode.Start(new DataPlaneOptions());
        node.Register(Service, new Sink(fresh));
        Console.WriteLine($"listening on {node.Address}");
        Console.Out.Flush();
        await Task.Delay(Timeout.Infinite);
    }

    public static async Task<double[]> Send(string server, int floats, int repeats)
    {
        await using var node = DataPlaneNode.Start(new DataPlaneOptions());
        var peer = DataPlaneAddress.Parse(server);
        var data = new float[floats];
        for (int i = 0; i < data.Length; i++) data[i] = i * 0.5f;
        var rates = new double[repeats];
        for (int r = -1; r < repeats; r++) // r = -1 warms up (connection, JIT, the receiver's pooled array)
        {
            var clock = Stopwatch.StartNew();
            var reply = await node.RequestAsync(peer, Service, default, BlockBody.FromFloats(data));
            clock.Stop();
            int length = BinaryPrimitives.ReadInt32LittleEndian(reply.Header.Span);
            if (length != floats) throw new InvalidOperationException($"the peer received {length} floats instead of {floats}");
            if (r >= 0) rates[r] = floats * 4.0 / clock.Elapsed.TotalSeconds / 1e9;
        }
        return rates;
    }

    private sealed class Sink(bool fresh) : IBlockHandler
    {
        public ValueTask<BlockReply> HandleAsync(BlockRequest request, CancellationToken cancellationToken)
        {
            var header = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(header, request.Body.Floats.Count);
            if (!fresh) request.Body.ReturnToPool();
            return ValueTask.FromResult(new BlockReply(header));
        }
    }
}
