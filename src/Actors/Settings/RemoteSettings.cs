using Microsoft.Extensions.Configuration;

namespace ActorNet.Actors;

/// <summary>Remoting settings (keys under <c>actornet:remote</c>; defaults of hocon/reference.conf).</summary>
public sealed record RemoteSettings
{
    /// <summary>Address to bind and advertise (default 127.0.0.1).</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Largest frame accepted on read (default 512 KiB: a bulk chunk and its header fit).</summary>
    public int MaximumFrameSize { get; init; } = 512 * 1024;

    /// <summary>
    /// Chunk size of large payloads on the bulk lane (default 256 KiB): a small message waits behind at most one chunk
    /// (about 0.1 ms on loopback), and each chunk costs a write and a read of its own, so larger chunks cost less CPU per
    /// byte (bench/training.sh's 61M-float round: 2.4 CPU-s with 64 KiB chunks, 2.1 with 256 KiB).
    /// </summary>
    public int BulkChunkSize { get; init; } = 256 * 1024;

    /// <summary>Messages queued per connection before senders are slowed down (default 100,000).</summary>
    public int OutboundQueueSize { get; init; } = 100_000;

    /// <summary>The cluster secret for the HMAC handshake; null when none is configured.</summary>
    public string? Secret { get; init; }

    /// <summary>Time allowed for the handshake (default 5 s).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First reconnect delay (default 100 ms).</summary>
    public TimeSpan ReconnectBackoffMin { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Largest reconnect delay (default 5 s); failing past it declares the node lost.</summary>
    public TimeSpan ReconnectBackoffMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Wrap connections in TLS.</summary>
    public bool TlsEnabled { get; init; }

    /// <summary>PEM certificate chain file.</summary>
    public string? TlsCertificate { get; init; }

    /// <summary>PEM private key file.</summary>
    public string? TlsPrivateKey { get; init; }

    /// <summary>PEM file of the CA that signs peers' certificates; null trusts the system store.</summary>
    public string? TlsCaCertificate { get; init; }

    /// <summary>Reads remoting settings; null when <c>actornet:remote:port</c> is unset.</summary>
    public static RemoteSettings? FromConfiguration(IConfiguration config)
    {
        const string remote = "actornet:remote:";
        if (ConfigValues.GetString(config, remote + "port") is null) return null;
        var d = new RemoteSettings();
        var settings = new RemoteSettings
        {
            Hostname = ConfigValues.GetString(config, remote + "hostname") ?? d.Hostname,
            Port = ConfigValues.GetInt(config, remote + "port", 0),
            MaximumFrameSize = checked((int)ConfigValues.GetSize(config, remote + "maximum-frame-size", d.MaximumFrameSize)),
            BulkChunkSize = checked((int)ConfigValues.GetSize(config, remote + "bulk-chunk-size", d.BulkChunkSize)),
            OutboundQueueSize = ConfigValues.GetInt(config, remote + "outbound-queue-size", d.OutboundQueueSize),
            Secret = ConfigValues.GetString(config, remote + "secret"),
            HandshakeTimeout = ConfigValues.GetDuration(config, remote + "handshake-timeout", d.HandshakeTimeout),
            ReconnectBackoffMin = ConfigValues.GetDuration(config, remote + "reconnect-backoff-min", d.ReconnectBackoffMin),
            ReconnectBackoffMax = ConfigValues.GetDuration(config, remote + "reconnect-backoff-max", d.ReconnectBackoffMax),
            TlsEnabled = ConfigValues.GetBool(config, remote + "tls:enabled", false),
            TlsCertificate = ConfigValues.GetString(config, remote + "tls:certificate"),
            TlsPrivateKey = ConfigValues.GetString(config, remote + "tls:private-key"),
            TlsCaCertificate = ConfigValues.GetString(config, remote + "tls:ca-certificate"),
        };
        if (settings.Port is < 0 or > 65535) throw new FormatException($"configuration '{remote}port' = {settings.Port} is not in 0..65535");
        if (settings.MaximumFrameSize < 1024) throw new FormatException($"configuration '{remote}maximum-frame-size' = {settings.MaximumFrameSize} must be at least 1KiB");
        if (settings.BulkChunkSize < 256 || settings.BulkChunkSize > settings.MaximumFrameSize - 256)
            throw new FormatException($"configuration '{remote}bulk-chunk-size' = {settings.BulkChunkSize} must be between 256 bytes and maximum-frame-size minus 256");
        if (settings.OutboundQueueSize < 1) throw new FormatException($"configuration '{remote}outbound-queue-size' must be positive");
        return settings;
    }
}
