using ActorNet.DataPlane;

namespace ActorNet.Actors.Tests.DataPlane;

/// <summary>Starts data plane nodes on 127.0.0.1 port 0 and disposes them after each test.</summary>
public abstract class DataPlaneTestBase : IAsyncLifetime
{
    // Every test is bounded by this (each await that could hang uses it).
    protected static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly List<DataPlaneNode> _nodes = [];

    protected DataPlaneNode StartNode(string? secret = null, Func<DataPlaneOptions, DataPlaneOptions>? configure = null)
    {
        var options = new DataPlaneOptions { Secret = secret, HandshakeTimeout = TimeSpan.FromSeconds(5), ConnectTimeout = TimeSpan.FromSeconds(5) };
        var node = DataPlaneNode.Start(configure is null ? options : configure(options));
        _nodes.Add(node);
        return node;
    }

    protected static CancellationToken Bounded() => new CancellationTokenSource(Bound).Token;

    protected static float[] Ramp(int count, float scale = 0.5f)
    {
        var floats = new float[count];
        for (int i = 0; i < count; i++) floats[i] = i * scale;
        return floats;
    }

    /// <summary>Registers a handler made of a function.</summary>
    protected static void Serve(DataPlaneNode node, string service, Func<BlockRequest, CancellationToken, ValueTask<BlockReply>> handle) =>
        node.Register(service, new DelegateHandler(handle));

    /// <summary>Echoes the header and the body (a float body doubled, so an echo that skipped the handler would show).</summary>
    protected static void ServeEcho(DataPlaneNode node) => Serve(node, "echo", (request, _) =>
    {
        var body = request.Body;
        if (body.Kind == BlockBodyKind.Floats)
        {
            var span = body.Floats.AsSpan();
            for (int i = 0; i < span.Length; i++) span[i] *= 2;
        }
        return ValueTask.FromResult(new BlockReply(request.Header.ToArray(), body));
    });

    protected static async Task Eventually(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (!condition())
        {
            if (timeout.IsCancellationRequested) Assert.Fail($"not within {Bound}: {what}");
            await Task.Delay(10);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync().AsTask().WaitAsync(Bound);
    }

    private sealed class DelegateHandler(Func<BlockRequest, CancellationToken, ValueTask<BlockReply>> handle) : IBlockHandler
    {
        public ValueTask<BlockReply> HandleAsync(BlockRequest request, CancellationToken cancellationToken) => handle(request, cancellationToken);
    }
}
