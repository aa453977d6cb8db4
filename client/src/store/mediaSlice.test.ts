import { DeviceError } from '../media/deviceProblem';
import { RequestError } from '../net/request';
import { fakeServices, storeOnCirclePage } from '../test/fakeServices';

describe('media slice', () => {
  it('records which devices the preview got and explains the rest', async () => {
    const store = storeOnCirclePage(
      fakeServices({ acquireLocalMedia: async () => ({ mic: true, camera: false, micProblem: null, cameraProblem: 'denied' }) }),
    );
    await store.getState().startPreview();
    const { media, ui } = store.getState();
    expect(media.status).toBe('ready');
    expect(media.mic).toMatchObject({ available: true, on: true });
    expect(media.camera).toMatchObject({ available: false, on: false, problem: 'denied' });
    expect(ui.announcement).toMatch(/couldn't use your camera because permission was denied/i);
  });

  it('asks only once even if called twice', async () => {
    const services = fakeServices();
    const store = storeOnCirclePage(services);
    await Promise.all([store.getState().startPreview(), store.getState().startPreview()]);
    expect(services.calls.filter(([n]) => n === 'acquireLocalMedia')).toHaveLength(1);
  });

  it('mutes and unmutes', async () => {
    const services = fakeServices();
    const store = storeOnCirclePage(services);
    await store.getState().startPreview();
    await store.getState().toggleMic();
    expect(store.getState().media.mic.on).toBe(false);
    await store.getState().toggleMic();
    expect(store.getState().media.mic.on).toBe(true);
    expect(services.calls.filter(([n]) => n === 'setMicOn')).toEqual([
      ['setMicOn', false],
      ['setMicOn', true],
    ]);
  });

  it('rolls a mute back if the server refuses it', async () => {
    const store = storeOnCirclePage(
      fakeServices({
        setMicOn: async () => {
          throw new RequestError('NOT_FOUND', 'No such producer');
        },
      }),
    );
    await store.getState().startPreview();
    await store.getState().toggleMic();
    expect(store.getState().media.mic).toMatchObject({ on: true, busy: false });
    expect(store.getState().ui.errors[0]).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps the camera off and says why when it cannot start', async () => {
    const services = fakeServices();
    const store = storeOnCirclePage(services);
    await store.getState().startPreview();
    await store.getState().toggleCamera();
    expect(store.getState().media.camera.on).toBe(false);
    services.setCameraOn = async () => {
      throw new DeviceError('in-use');
    };
    await store.getState().toggleCamera();
    expect(store.getState().media.camera).toMatchObject({ on: false, problem: 'in-use', busy: false });
    expect(store.getState().ui.errors[0]?.message).toMatch(/another app is using it/);
  });

  it('disabled toggles do nothing when the device is missing', async () => {
    const services = fakeServices({ acquireLocalMedia: async () => ({ mic: false, camera: false, micProblem: 'not-found', cameraProblem: 'not-found' }) });
    const store = storeOnCirclePage(services);
    await store.getState().startPreview();
    await store.getState().toggleMic();
    await store.getState().toggleCamera();
    expect(services.calls.map(([n]) => n)).toEqual(['acquireLocalMedia']);
  });
});
