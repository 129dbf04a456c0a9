package iis

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

var (
	_ IReadEntityProvider = (*readEntityProvider)(nil)
	_ IMapPathProvider    = (*mapPathProvider)(nil)
)
