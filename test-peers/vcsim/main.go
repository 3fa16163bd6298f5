// Command vcsim starts VMware's vSphere simulator (govmomi's simulator package) for Multpanel's tests and
// benches. Build from Debian's packages (golang-go, golang-github-vmware-govmomi-dev):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o vcsim main.go
//
// It prints one JSON line ({"url":…,"fingerprint":…}) on stdout once it listens, then serves until killed.
package main

import (
	"crypto/sha256"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// pagingCollector adds what this govmomi's property collector lacks: RetrievePropertiesEx honours
// options.maxObjects and hands out a token for ContinueRetrievePropertiesEx, as vCenter and ESXi do.
// It embeds the collector by value: vcsim makes a zero copy of the root collector's type per session.
type pagingCollector struct {
	simulator.PropertyCollector
	pending map[string][]types.ObjectContent
	size    int
	next    int
}

func (pc *pagingCollector) page(objects []types.ObjectContent) *types.RetrieveResult {
	if pc.size <= 0 || len(objects) <= pc.size {
		return &types.RetrieveResult{Objects: objects}
	}
	if pc.pending == nil {
		pc.pending = map[string][]types.ObjectContent{}
	}
	pc.next++
	token := fmt.Sprintf("page-%d", pc.next)
	pc.pending[token] = objects[pc.size:]
	return &types.RetrieveResult{Objects: objects[:pc.size], Token: token}
}

func (pc *pagingCollector) RetrievePropertiesEx(ctx *simulator.Context, r *types.RetrievePropertiesEx) soap.HasFault {
	body := pc.PropertyCollector.RetrievePropertiesEx(ctx, r).(*methods.RetrievePropertiesExBody)
	if body.Res != nil && body.Res.Returnval != nil {
		pc.size = int(r.Options.MaxObjects)
		body.Res.Returnval = pc.page(body.Res.Returnval.Objects)
	}
	return body
}

func (pc *pagingCollector) ContinueRetrievePropertiesEx(r *types.ContinueRetrievePropertiesEx) soap.HasFault {
	body := new(methods.ContinueRetrievePropertiesExBody)
	rest, ok := pc.pending[r.Token]
	if !ok {
		body.Fault_ = simulator.Fault("unknown token", &types.InvalidArgument{InvalidProperty: "token"})
		return body
	}
	delete(pc.pending, r.Token)
	body.Res = &types.ContinueRetrievePropertiesExResponse{Returnval: *pc.page(rest)}
	return body
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	user := flag.String("user", "root", "login user name")
	password := flag.String("password", "vcsim-password", "login password")
	mode := flag.String("mode", "esx", "esx (HostAgent) or vcenter (VirtualCenter)")
	vms := flag.Int("vms", 2, "VMs per host (esx) or per resource pool (vcenter)")
	useTLS := flag.Bool("tls", true, "serve https")
	flag.Parse()

	model := simulator.ESX()
	if *mode == "vcenter" {
		model = simulator.VPX()
	} else if *mode != "esx" {
		log.Fatalf("unknown -mode %q (esx or vcenter)", *mode)
	}
	model.Machine = *vms
	defer model.Remove()
	if err := model.Create(); err != nil {
		log.Fatal(err)
	}
	collector := new(pagingCollector)
	collector.Self = model.ServiceContent.PropertyCollector
	simulator.Map.Put(collector)
	model.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword(*user, *password)}
	if *useTLS {
		model.Service.TLS = new(tls.Config)
	}
	server := model.Service.NewServer()
	defer server.Close()

	fingerprint := ""
	if *useTLS {
		sum := sha256.Sum256(server.Certificate().Raw)
		parts := make([]string, len(sum))
		for i, b := range sum {
			parts[i] = fmt.Sprintf("%02X", b)
		}
		fingerprint = strings.Join(parts, ":")
	}
	u := *server.URL
	u.User = nil
	line, _ := json.Marshal(map[string]string{"url": u.String(), "fingerprint": fingerprint})
	fmt.Println(string(line))

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
}
