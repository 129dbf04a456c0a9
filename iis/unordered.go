package iis

import (
	"strings"
)

// The non-deterministic notifications other than RQ_SEND_RESPONSE: they
// fire when something happens (entity read, a path mapped, a custom
// notification raised), in priority order, with no post-notification.

// IReadEntityProvider is the provider of RQ_READ_ENTITY
// (iis:ireadentityprovider-interface): the entity just read, which a
// module may replace.
type IReadEntityProvider interface {
	IHttpEventProvider
	GetEntity() []byte
	SetEntity(b []byte)
}

// IMapPathProvider is the provider of RQ_MAP_PATH
// (iis:imappathprovider-interface).
type IMapPathProvider interface {
	IHttpEventProvider
	GetUrl() string
	GetPhysicalPath() string
	SetPhysicalPath(path string) HRESULT
}

// ICustomNotificationProvider is what a module raises with
// NotifyCustomNotification; QueryNotificationType names the notification
// so that handlers can tell theirs apart.
type ICustomNotificationProvider interface {
	IHttpEventProvider
	QueryNotificationType() string
}

// The handler interfaces of the unordered notifications.
type (
	ReadEntityHandler interface {
		OnReadEntity(IHttpContext, IReadEntityProvider) RequestNotificationStatus
	}
	MapPathHandler interface {
		OnMapPath(IHttpContext, IMapPathProvider) RequestNotificationStatus
	}
	CustomRequestNotificationHandler interface {
		OnCustomRequestNotification(IHttpContext, ICustomNotificationProvider) RequestNotificationStatus
	}
)

// notifyUnordered runs an unordered notification n on its subscribers
// with provider p. A FINISH_REQUEST stops the rest of its subscribers and
// ends request-level processing of the notification that raised it
// (PIPE-FIN-4, as for RQ_SEND_RESPONSE).
func (c *httpContext) notifyUnordered(n RequestNotification, p IHttpEventProvider) {
	saveM, saveI, saveN, saveP := c.curModule, c.curIndex, c.curNotification, c.curPost
	defer func() { c.curModule, c.curIndex, c.curNotification, c.curPost = saveM, saveI, saveN, saveP }()
	for _, i := range c.app.order[stageIndex(n)] {
		if c.modules[i] == nil {
			continue
		}
		if c.invoke(i, n, false, p) == StatusFinishRequest {
			c.finishRequested = true
			if c.decisions.FinishSkipsLaterModules {
				return
			}
		}
	}
}

type readEntityProvider struct {
	eventProvider
	entity []byte
}

func (p *readEntityProvider) GetEntity() []byte  { return p.entity }
func (p *readEntityProvider) SetEntity(b []byte) { p.entity = b }

type mapPathProvider struct {
	eventProvider
	url, path string
}

func (p *mapPathProvider) GetUrl() string          { return p.url }
func (p *mapPathProvider) GetPhysicalPath() string { return p.path }
func (p *mapPathProvider) SetPhysicalPath(path string) HRESULT {
	if path == "" {
		return hrInvalidParameter
	}
	p.path = path
	return S_OK
}

// PhysicalRoot is where the emulated site's files would live; MapPath
// maps URLs under it (INFER: the emulator serves no files, the path is
// only computed).
const PhysicalRoot = `C:\inetpub\wwwroot`

// MapPath maps a URL to a physical path, raising RQ_MAP_PATH so that
// modules may change the answer.
func (c *httpContext) MapPath(url string) (string, HRESULT) {
	if !strings.HasPrefix(url, "/") {
		return "", hrInvalidParameter
	}
	p := &mapPathProvider{url: url, path: PhysicalRoot + strings.ReplaceAll(url, "/", `\`)}
	c.notifyUnordered(RQ_MAP_PATH, p)
	c.call("MapPath", url+" -> "+p.path, S_OK, 0)
	return p.path, S_OK
}

// NotifyCustomNotification raises RQ_CUSTOM_NOTIFICATION with the given
// provider. completionExpected is always FALSE: the handlers ran before it
// returns.
func (c *httpContext) NotifyCustomNotification(p ICustomNotificationProvider) (completionExpected bool, hr HRESULT) {
	if p == nil {
		return false, hrInvalidParameter
	}
	c.notifyUnordered(RQ_CUSTOM_NOTIFICATION, p)
	c.call("NotifyCustomNotification", p.QueryNotificationType(), S_OK, 0)
	return false, S_OK
}

var (
	_ IReadEntityProvider = (*readEntityProvider)(nil)
	_ IMapPathProvider    = (*mapPathProvider)(nil)
)
