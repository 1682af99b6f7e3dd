using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Rdd.Ui;

/// <summary>The <c>actornet:ui:*</c> settings (defaults as in hocon/reference.conf).</summary>
internal sealed record UiSettings(bool Enabled, int Port, IPAddress Host, int RefreshMilliseconds)
{
    public const string EnabledKey = "actornet:ui:enabled";
    public const string PortKey = "actornet:ui:port";
    public const string HostKey = "actornet:ui:host";
    public const string RefreshKey = "actornet:ui:refresh-interval";

    /// <summary>Ports tried after the configured one when it is taken (Spark's spark.port.maxRetries).</summary>
    public const int PortRetries = 16;

    public static UiSettings From(IConfiguration config)
    {
        var enabled = config[EnabledKey] is not { Length: > 0 } e || (bool.TryParse(e, out var b)
            ? b : throw new ArgumentException($"Configuration '{EnabledKey}' = '{e}' must be true or false."));
        var port = PortSetting(config, PortKey) ?? 4040;
        var hostText = config[HostKey];
        var host = hostText is { Length: > 0 } ? Address(hostText, HostKey) : IPAddress.Loopback;
        var refresh = config[RefreshKey] is { Length: > 0 } r
            ? (int.TryParse(r, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 100 ? ms
                : throw new ArgumentException($"Configuration '{RefreshKey}' = '{r}' must be milliseconds, at least 100."))
            : 2000;
        return new UiSettings(enabled, port, host, refresh);
    }

    /// <summary>A TCP port setting, or null when unset.</summary>
    public static int? PortSetting(IConfiguration config, string key) => config[key] is { Length: > 0 } p
        ? (int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535 ? port
            : throw new ArgumentException($"Configuration '{key}' = '{p}' must be a TCP port (0 to 65535)."))
        : null;

    /// <summary>An address to bind to: an IP address, or localhost.</summary>
    public static IPAddress Address(string text, string key) =>
        text == "localhost" ? IPAddress.Loopback
        : IPAddress.TryParse(text, out var address) ? address
        : throw new ArgumentException($"Configuration '{key}' = '{text}' must be an IP address to bind to (127.0.0.1, 0.0.0.0, ...).");
}
