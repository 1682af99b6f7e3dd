using Microsoft.Extensions.Logging;

namespace ActorNet.DataPlane;

/// <summary>
/// Settings of one <see cref="DataPlaneNode"/>. Every node of a cluster should use the same <see cref="Secret"/>,
/// <see cref="ChunkSize"/> and limits: a chunk larger than the receiver's <see cref="ChunkSize"/> closes the connection.
/// </summary>
public sealed record DataPlaneOptions
{
    /// <summary>The address to listen on; anything but a loopback address needs a <see cref="Secret"/>.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 picks a free one (see <see cref="DataPlaneNode.BoundAddress"/>).</summary>
    public int Port { get; init; }

    /// <summary>
    /// The host peers are told to connect to (<see cref="DataPlaneNode.Address"/>) when it is not the one bound: behind NAT,
    /// a container's port mapping or a proxy (as Akka's <c>public-hostname</c> beside <c>bind-hostname</c>). Null: <see cref="Host"/>.
    /// </summary>
    public string? PublicHost { get; init; }

    /// <summary>The port peers are told to connect to when it is not the one bound (see <see cref="PublicHost"/>); null: the bound port.</summary>
    public int? PublicPort { get; init; }

    /// <summary>
    /// The cluster secret both ends of every connection prove they know (HMAC-SHA256 challenge-response) before any other
    /// byte is read. Null: no secret (allowed on loopback only); a node with a secret and one without refuse each other.
    /// </summary>
    public string? Secret { get; init; }

    /// <summary>The largest body chunk sent, and accepted, in one frame; a large body is interleaved with others chunk by chunk.</summary>
    public int ChunkSize { get; init; } = 256 * 1024;

    /// <summary>The largest request or reply header accepted (the small description riding before the body).</summary>
    public int MaxHeaderBytes { get; init; } = 64 * 1024;

    /// <summary>The largest body accepted, and the most body bytes one connection may be receiving at once.</summary>
    public long MaxBodyBytes { get; init; } = 2L << 30;

    /// <summary>How long a new connection may take to prove the secret before it is closed.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long connecting to a peer (TCP connect and handshake) may take before the request fails.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where the node logs (listening, refused connections, protocol violations); null: nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The clock the handshake and connect timeouts read (tests may drive it).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks the settings and says which one is wrong.</summary>
    /// <exception cref="ArgumentException">A setting is out of range, or a non-loopback host has no secret.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host)) throw new ArgumentException("DataPlaneOptions.Host is empty");
        if (Port is < 0 or > 65535) throw new ArgumentException($"DataPlaneOptions.Port {Port} is not a TCP port");
        if (PublicPort is < 1 or > 65535) throw new ArgumentException($"DataPlaneOptions.PublicPort {PublicPort} is not a TCP port (1..65535)");
        if (PublicHost is not null && string.IsNullOrWhiteSpace(PublicHost)) throw new ArgumentException("DataPlaneOptions.PublicHost is empty; leave it null to advertise Host");
        if (ChunkSize is < 1024 or > 64 * 1024 * 1024) throw new ArgumentException($"DataPlaneOptions.ChunkSize {ChunkSize} is outside 1 KiB..64 MiB");
        if (MaxHeaderBytes is < 0 or > 16 * 1024 * 1024) throw new ArgumentException($"DataPlaneOptions.MaxHeaderBytes {MaxHeaderBytes} is outside 0..16 MiB");
        if (MaxBodyBytes < 0) throw new ArgumentException($"DataPlaneOptions.MaxBodyBytes {MaxBodyBytes} is negative");
        if (HandshakeTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero) throw new ArgumentException("DataPlaneOptions timeouts must be positive");
        if (Secret is not null && Secret.Length == 0) throw new ArgumentException("DataPlaneOptions.Secret is empty; leave it null for no secret");
        if (Secret is null && !IsLoopback(Host))
            throw new ArgumentException($"the data plane refuses to listen on '{Host}' without a Secret: any host that reaches the port could read and write bulk data; set DataPlaneOptions.Secret or listen on 127.0.0.1");
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip));
}
