using System.Net;
using System.Net.Sockets;

namespace CustomerChat.Web.Tests.Reliability;

/// <summary>Free loopback ports for the processes of the reliability page tests.</summary>
public static class Ports
{
    /// <summary>A free loopback port now (it may be taken by the time it is bound).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
