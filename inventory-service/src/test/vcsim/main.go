// Command vcsim runs govmomi's vCenter simulator on loopback for Ferry's inventory tests.
//
// It builds offline from Debian's golang-github-vmware-govmomi-dev package:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o vcsim main.go
//
// It serves the vSphere Web Services API over TLS (a self-signed certificate), prints "URL <url>" and
// "THUMBPRINT <sha-256 of the certificate>" on standard output, and runs until its standard input closes, so it never
// outlives the test that started it. With -dump it writes what the simulator itself holds about each VM's hardware,
// read from its own objects, which the tests compare with what the inventory discovered.
package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io/ioutil"
	"log"
	"net/url"
	"os"
	"reflect"
	"sort"
	"strconv"
	"sync"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

type diskDump struct {
	Key            int32  `json:"key"`
	Label          string `json:"label"`
	ControllerType string `json:"controllerType"`
	Bus            int32  `json:"bus"`
	Unit           int32  `json:"unit"`
	CapacityBytes  int64  `json:"capacityBytes"`
	FileName       string `json:"fileName"`
}

type nicDump struct {
	Label string `json:"label"`
	Type  string `json:"type"`
	Mac   string `json:"mac"`
}

type vmDump struct {
	Moid         string     `json:"moid"`
	Name         string     `json:"name"`
	InstanceUUID string     `json:"instanceUuid"`
	NumCPU       int32      `json:"numCpu"`
	CoresPerSock int32      `json:"coresPerSocket"`
	MemoryMB     int32      `json:"memoryMB"`
	Firmware     string     `json:"firmware"`
	SecureBoot   bool       `json:"secureBoot"`
	PowerState   string     `json:"powerState"`
	Snapshots    int        `json:"snapshots"`
	Disks        []diskDump `json:"disks"`
	Nics         []nicDump  `json:"nics"`
}

func main() {
	machines := flag.Int("vm", 2, "virtual machines per cluster resource pool and per standalone host")
	clusters := flag.Int("cluster", 1, "clusters per datacenter")
	clusterHosts := flag.Int("host", 3, "hosts per cluster")
	standalone := flag.Int("standalone-host", 1, "standalone hosts per datacenter")
	datastores := flag.Int("ds", 1, "datastores")
	port := flag.Int("port", 0, "port on 127.0.0.1 (0 picks a free one)")
	username := flag.String("username", "user", "the only user name accepted")
	password := flag.String("password", "pass", "the only password accepted")
	variety := flag.Bool("variety", false, "vary the VMs' hardware: EFI, secure boot, SATA/NVMe/SAS disks, vmxnet3/e1000e NICs, a snapshot")
	dump := flag.String("dump", "", "write each VM's hardware, as the simulator holds it, as JSON to this file")
	diskMB := flag.Int("disk-mb", 0, "capacity in MiB of the disk every VM is made with (0: the simulator's 1 MiB)")
	flag.Parse()

	model := simulator.VPX()
	model.Machine = *machines
	model.Cluster = *clusters
	model.ClusterHost = *clusterHosts
	model.Host = *standalone
	model.Datastore = *datastores
	defer model.Remove()
	if err := model.Create(); err != nil {
		log.Fatal(err)
	}

	if *diskMB > 0 {
		// Before any client connects, so discovery sees the disks as big as the datastore files tests put there.
		for _, entity := range simulator.Map.All("VirtualMachine") {
			for _, device := range entity.(*simulator.VirtualMachine).Config.Hardware.Device {
				if disk, ok := device.(*types.VirtualDisk); ok {
					disk.CapacityInKB = int64(*diskMB) * 1024
					disk.CapacityInBytes = disk.CapacityInKB * 1024
				}
			}
		}
	}

	// This simulator version answers RetrievePropertiesEx in one piece; page it as vCenter does.
	collector := &pagingCollector{}
	collector.Self = model.ServiceContent.PropertyCollector
	simulator.Map.Put(collector)

	model.Service.TLS = new(tls.Config)
	model.Service.Listen = &url.URL{Host: fmt.Sprintf("127.0.0.1:%d", *port), User: url.UserPassword(*username, *password)}
	server := model.Service.NewServer()
	defer server.Close()

	ctx := context.Background()
	if *variety {
		if err := diversify(ctx, server.URL); err != nil {
			log.Fatal(err)
		}
	}
	if *dump != "" {
		if err := writeDump(*dump); err != nil {
			log.Fatal(err)
		}
	}

	sum := sha256.Sum256(server.Certificate().Raw)
	plain := *server.URL
	plain.User = nil
	fmt.Printf("URL %s\nTHUMBPRINT %s\n", plain.String(), hex.EncodeToString(sum[:]))
	os.Stdout.Sync()

	// Run until the parent closes our standard input (or dies).
	reader := bufio.NewReader(os.Stdin)
	for {
		if _, err := reader.ReadByte(); err != nil {
			return
		}
	}
}

// diversify reconfigures VMs in turn so that discovery meets every controller and adapter kind it maps.
func diversify(ctx context.Context, u *url.URL) error {
	client, err := govmomi.NewClient(ctx, u, true)
	if err != nil {
		return err
	}
	defer client.Logout(ctx)

	vms := simulator.Map.All("VirtualMachine")
	sort.Slice(vms, func(i, j int) bool { return vms[i].Reference().Value < vms[j].Reference().Value })
	for i, entity := range vms {
		vm := object.NewVirtualMachine(client.Client, entity.Reference())
		simVM := entity.(*simulator.VirtualMachine)
		datastore := "[" + "LocalDS_0" + "] " + simVM.Name + "/"
		var spec types.VirtualMachineConfigSpec
		var devices object.VirtualDeviceList
		switch i % 4 {
		case 1:
			spec.Firmware = string(types.GuestOsDescriptorFirmwareTypeEfi)
			spec.BootOptions = &types.VirtualMachineBootOptions{EfiSecureBootEnabled: types.NewBool(true)}
			spec.GuestId = string(types.VirtualMachineGuestOsIdentifierWindows9Server64Guest)
			card, _ := devices.CreateEthernetCard("vmxnet3", nil)
			devices = append(devices, card)
		case 2:
			sata := &types.VirtualAHCIController{}
			sata.Key = -50
			sata.BusNumber = 0
			disk := devices.CreateDisk(sata, types.ManagedObjectReference{}, datastore+"sata.vmdk")
			disk.ControllerKey = sata.Key
			disk.UnitNumber = types.NewInt32(0)
			disk.CapacityInKB = 2 * 1024 * 1024
			card, _ := devices.CreateEthernetCard("e1000e", nil)
			devices = append(devices, sata, disk, card)
			spec.ChangeTrackingEnabled = types.NewBool(true)
			spec.GuestId = string(types.VirtualMachineGuestOsIdentifierRhel7_64Guest)
		case 3:
			nvme, _ := devices.CreateNVMEController()
			nvme.GetVirtualDevice().Key = -60
			disk := devices.CreateDisk(nvme.(types.BaseVirtualController), types.ManagedObjectReference{}, datastore+"nvme.vmdk")
			disk.ControllerKey = -60
			disk.UnitNumber = types.NewInt32(0)
			disk.CapacityInKB = 3 * 1024 * 1024
			sas := &types.VirtualLsiLogicSASController{}
			sas.Key = -70
			sas.BusNumber = 1
			sasDisk := devices.CreateDisk(sas, types.ManagedObjectReference{}, datastore+"sas.vmdk")
			sasDisk.ControllerKey = -70
			sasDisk.UnitNumber = types.NewInt32(1)
			sasDisk.CapacityInKB = 4 * 1024 * 1024
			devices = append(devices, nvme, disk, sas, sasDisk)
			spec.NumCPUs = 4
			spec.NumCoresPerSocket = 2
			spec.MemoryMB = 8192
		default:
			continue
		}
		if len(devices) > 0 {
			spec.DeviceChange, err = devices.ConfigSpec(types.VirtualDeviceConfigSpecOperationAdd)
			if err != nil {
				return err
			}
			for _, change := range spec.DeviceChange {
				if _, isDisk := change.GetVirtualDeviceConfigSpec().Device.(*types.VirtualDisk); isDisk {
					change.GetVirtualDeviceConfigSpec().FileOperation = types.VirtualDeviceConfigSpecFileOperationCreate
				}
			}
		}
		if i%4 == 1 {
			// Secure boot needs EFI already in place, so firmware goes first.
			if err := wait(vm.Reconfigure(ctx, types.VirtualMachineConfigSpec{Firmware: spec.Firmware})); err != nil {
				return err
			}
		}
		if err := wait(vm.Reconfigure(ctx, spec)); err != nil {
			return fmt.Errorf("reconfigure %s: %w", simVM.Name, err)
		}
		if i%4 == 2 {
			if err := wait(vm.CreateSnapshot(ctx, "before-migration", "", false, false)); err != nil {
				return err
			}
		}
	}
	return nil
}

// wait waits for a task that was started without an error.
func wait(task *object.Task, err error) error {
	if err != nil {
		return err
	}
	return task.Wait(context.Background())
}

func writeDump(file string) error {
	var out []vmDump
	for _, entity := range simulator.Map.All("VirtualMachine") {
		vm := entity.(*simulator.VirtualMachine)
		d := vmDump{
			Moid:         vm.Self.Value,
			Name:         vm.Name,
			InstanceUUID: vm.Config.InstanceUuid,
			NumCPU:       vm.Config.Hardware.NumCPU,
			CoresPerSock: vm.Config.Hardware.NumCoresPerSocket,
			MemoryMB:     vm.Config.Hardware.MemoryMB,
			Firmware:     vm.Config.Firmware,
			PowerState:   string(vm.Runtime.PowerState),
		}
		if vm.Config.BootOptions != nil && vm.Config.BootOptions.EfiSecureBootEnabled != nil {
			d.SecureBoot = *vm.Config.BootOptions.EfiSecureBootEnabled
		}
		if vm.Snapshot != nil {
			d.Snapshots = countSnapshots(vm.Snapshot.RootSnapshotList)
		}
		devices := object.VirtualDeviceList(vm.Config.Hardware.Device)
		for _, device := range devices {
			switch x := device.(type) {
			case *types.VirtualDisk:
				controller := devices.FindByKey(x.ControllerKey)
				disk := diskDump{Key: x.Key, ControllerType: reflect.TypeOf(controller).Elem().Name(),
					Bus: controller.(types.BaseVirtualController).GetVirtualController().BusNumber,
					CapacityBytes: x.CapacityInBytes}
				if disk.CapacityBytes == 0 {
					disk.CapacityBytes = x.CapacityInKB * 1024
				}
				if x.UnitNumber != nil {
					disk.Unit = *x.UnitNumber
				}
				if x.DeviceInfo != nil {
					disk.Label = x.DeviceInfo.GetDescription().Label
				}
				if backing, ok := x.Backing.(types.BaseVirtualDeviceFileBackingInfo); ok {
					disk.FileName = backing.GetVirtualDeviceFileBackingInfo().FileName
				}
				d.Disks = append(d.Disks, disk)
			case types.BaseVirtualEthernetCard:
				card := x.GetVirtualEthernetCard()
				nic := nicDump{Type: reflect.TypeOf(device).Elem().Name(), Mac: card.MacAddress}
				if card.DeviceInfo != nil {
					nic.Label = card.DeviceInfo.GetDescription().Label
				}
				d.Nics = append(d.Nics, nic)
			}
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	return ioutil.WriteFile(file, data, 0o644)
}

func countSnapshots(tree []types.VirtualMachineSnapshotTree) int {
	count := 0
	for _, node := range tree {
		count += 1 + countSnapshots(node.ChildSnapshotList)
	}
	return count
}

// pagingCollector is the simulator's PropertyCollector honouring RetrieveOptions.maxObjects: the first page comes
// with a token, and ContinueRetrievePropertiesEx returns the next pages, as a real vCenter does. It embeds the
// collector by value because the simulator makes a zero-valued copy of it for every session.
type pagingCollector struct {
	simulator.PropertyCollector
}

var remaining = struct {
	sync.Mutex
	next  int
	pages map[string]pageRest
}{pages: map[string]pageRest{}}

type pageRest struct {
	objects []types.ObjectContent
	size    int
}

func (pc *pagingCollector) RetrievePropertiesEx(ctx *simulator.Context, r *types.RetrievePropertiesEx) soap.HasFault {
	body := pc.PropertyCollector.RetrievePropertiesEx(ctx, r)
	res, ok := body.(*methods.RetrievePropertiesExBody)
	if !ok || res.Res == nil || res.Res.Returnval == nil || r.Options.MaxObjects <= 0 {
		return body
	}
	res.Res.Returnval = page(res.Res.Returnval.Objects, int(r.Options.MaxObjects))
	return body
}

func (pc *pagingCollector) ContinueRetrievePropertiesEx(ctx *simulator.Context, r *types.ContinueRetrievePropertiesEx) soap.HasFault {
	body := &methods.ContinueRetrievePropertiesExBody{}
	remaining.Lock()
	rest, ok := remaining.pages[r.Token]
	delete(remaining.pages, r.Token)
	remaining.Unlock()
	if !ok {
		body.Fault_ = simulator.Fault("unknown token", &types.InvalidArgument{InvalidProperty: "token"})
		return body
	}
	body.Res = &types.ContinueRetrievePropertiesExResponse{Returnval: *page(rest.objects, rest.size)}
	return body
}

func page(objects []types.ObjectContent, size int) *types.RetrieveResult {
	if len(objects) <= size {
		return &types.RetrieveResult{Objects: objects}
	}
	remaining.Lock()
	remaining.next++
	token := "page-" + strconv.Itoa(remaining.next)
	remaining.pages[token] = pageRest{objects: objects[size:], size: size}
	remaining.Unlock()
	return &types.RetrieveResult{Objects: objects[:size], Token: token}
}
