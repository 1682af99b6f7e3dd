using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorNet.Rdd.Ui;

/// <summary>
/// Starts Kestrel on one address with the routes a caller maps: the driver's UI and a node's /metrics.
/// A taken port moves to the next one, up to <see cref="UiSettings.PortRetries"/> further (as Spark's UI does), then to
/// any free port; port 0 takes any free port at once. Without retry (a node's /metrics, whose port a scraper is told),
/// a taken port fails the start.
/// </summary>
internal static class HttpEndpoint
{
    public static async Task<(WebApplication App, int Port)> StartAsync(IPAddress host, int port, Action<WebApplication> map, bool retry = true)
    {
        for (int attempt = 0; ; attempt++)
        {
            int tried = port == 0 || attempt > UiSettings.PortRetries ? 0 : port + attempt;
            if (tried > 65535) tried = 0;
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(host, tried));
            var app = builder.Build();
            map(app);
            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (IOException) when (tried != 0 && retry)
            {
                // Address in use: Kestrel wraps the socket error in an IOException.
                await app.DisposeAsync().ConfigureAwait(false);
                continue;
            }
            var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            return (app, new Uri(addresses.First()).Port);
        }
    }
}
